// The Handlebars view engine for the pages: an isolated environment (HTML escaping on), partials
// from views/partials, and every page rendered inside a layout from views/layouts.
import Handlebars from 'handlebars';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DateTime } from 'luxon';
import { isNetwork, NETWORK_NAMES } from '@app/publishing';
import { POST_STATUS_LABELS } from '@app/posts';
import { iconSvg } from './icons';

type Template = Handlebars.TemplateDelegate;
type RenderCallback = (err: Error | null, html?: string) => void;

/** Post statuses (from the posts lib, the one vocabulary) and the target-only one. */
export const STATUS_LABELS: Record<string, string> = { ...POST_STATUS_LABELS, cancelled: 'Cancelled' };
export const ROLE_LABELS: Record<string, string> = {
  admin: 'Admin',
  reviewer: 'Compliance reviewer',
  author: 'Author',
};

export class ViewEngine {
  private readonly hbs = Handlebars.create();
  private readonly cache = new Map<string, Template>();

  constructor(
    private readonly viewsDir: string,
    /** Re-read templates on every render (development), instead of compiling each once. */
    private readonly reload = false,
  ) {
    registerHelpers(this.hbs);
    this.loadPartials();
  }

  /** Express view engine signature: app.engine('hbs', engine.express). */
  readonly express = (filePath: string, options: object, callback: RenderCallback): void => {
    try {
      callback(null, this.renderFile(filePath, options as Record<string, unknown>));
    } catch (err) {
      callback(err as Error);
    }
  };

  renderFile(filePath: string, context: Record<string, unknown>): string {
    if (this.reload) this.loadPartials();
    const body = this.template(filePath)(context);
    const layout = context.layout === false ? null : String(context.layout ?? 'app');
    if (!layout) return body;
    return this.template(join(this.viewsDir, 'layouts', `${layout}.hbs`))({
      ...context,
      body: new this.hbs.SafeString(body),
    });
  }

  private template(filePath: string): Template {
    const cached = this.reload ? undefined : this.cache.get(filePath);
    if (cached) return cached;
    const compiled = this.hbs.compile(readFileSync(filePath, 'utf8'), { strict: false, preventIndent: true });
    this.cache.set(filePath, compiled);
    return compiled;
  }

  private loadPartials(): void {
    const dir = join(this.viewsDir, 'partials');
    for (const file of walk(dir)) {
      const name = relative(dir, file)
        .replace(/\\/g, '/')
        .replace(/\.hbs$/, '');
      this.hbs.registerPartial(name, readFileSync(file, 'utf8'));
    }
  }
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return walk(full);
    return name.endsWith('.hbs') ? [full] : [];
  });
}

/** JSON for a <script type="application/json"> block: nothing in it can close the script element. */
export function safeJson(value: unknown): string {
  return JSON.stringify(value ?? null)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Changes on every start, so browsers fetch new CSS and scripts after an upgrade. */
const ASSET_VERSION = Date.now().toString(36);

function registerHelpers(hbs: typeof Handlebars): void {
  const safe = (html: string) => new hbs.SafeString(html);
  hbs.registerHelper('asset', (path: string) => `${path}?v=${ASSET_VERSION}`);
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('not', (a: unknown) => !a);
  hbs.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hbs.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
  hbs.registerHelper('includes', (list: unknown, value: unknown) => Array.isArray(list) && list.includes(value));
  hbs.registerHelper('json', (value: unknown) => safe(safeJson(value)));
  hbs.registerHelper('icon', (name: string, options: { hash?: { label?: string; class?: string } }) =>
    safe(iconSvg(name, options.hash?.label, options.hash?.class ?? 'icon')),
  );
  hbs.registerHelper('statusLabel', (status: string) => STATUS_LABELS[status] ?? status);
  hbs.registerHelper('roleLabel', (role: string) => ROLE_LABELS[role] ?? role);
  hbs.registerHelper('initials', (name: string) =>
    String(name ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((w) => w[0]?.toUpperCase())
      .join(''),
  );
  hbs.registerHelper('join', (list: unknown, sep: unknown) =>
    Array.isArray(list) ? list.join(typeof sep === 'string' ? sep : ', ') : '',
  );
  hbs.registerHelper('lines', (list: unknown) => (Array.isArray(list) ? list.join('\n') : ''));
  hbs.registerHelper('array', (...args: unknown[]) => args.slice(0, -1));
  hbs.registerHelper('networkLabel', (network: string) => (isNetwork(network) ? NETWORK_NAMES[network] : network));
  hbs.registerHelper('plural', (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`);
  /** {{datetime iso zone}}: "Mar 4, 2026, 9:00 AM CST" in the practice's zone. */
  hbs.registerHelper('datetime', (iso: unknown, zone: unknown) => {
    if (!iso) return '';
    const dt = DateTime.fromISO(iso instanceof Date ? iso.toISOString() : String(iso), {
      zone: typeof zone === 'string' ? zone : 'UTC',
    });
    return dt.isValid ? dt.toFormat('LLL d, yyyy, h:mm a ZZZZ') : String(iso);
  });
  hbs.registerHelper('date', (iso: unknown, zone: unknown) => {
    if (!iso) return '';
    const dt = DateTime.fromISO(iso instanceof Date ? iso.toISOString() : String(iso), {
      zone: typeof zone === 'string' ? zone : 'UTC',
    });
    return dt.isValid ? dt.toFormat('LLL d, yyyy') : String(iso);
  });
}
