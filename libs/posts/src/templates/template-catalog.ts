// Templates a practice can start a post from: the seeded library plus its own, with previews and
// "new draft from template". Practice templates follow the library's rules (checked at save time).
import { DataSource } from 'typeorm';
import { ConflictError, inTransaction, InvalidInputError, NotFoundError, resolveScheduledFor } from '@app/core';
import { AuditLog } from '@app/audit';
import { Practice, actorOf, SessionUser } from '@app/practices';
import { Post } from '../entities/post.entity';
import { practiceVariables } from '../rendering/practice-variables';
import {
  appendHashtags,
  composeLibraryPost,
  LibraryTemplate,
  NETWORKS,
  Network,
  parseLibraryDocument,
  TemplateLibraryError,
  TemplateRenderError,
  upcomingExamples,
} from '@app/templates';
import { DateTime } from 'luxon';
import { TemplateLibrary } from '../template-library';
import { ComposePost } from '../usecases/compose-post';
import { TemplateStore } from './template-store';

export type CatalogTemplate = LibraryTemplate & { source: 'library' | 'practice'; id?: string };

export interface DraftFromTemplate {
  vars?: Record<string, string>;
  scheduledFor?: string | null;
  targetAccountIds?: string[];
  campaign?: string | null;
}

export class TemplateCatalog {
  private readonly store: TemplateStore;

  constructor(
    private readonly dataSource: DataSource,
    private readonly library: TemplateLibrary,
    private readonly audit: AuditLog,
    private readonly compose: ComposePost,
  ) {
    this.store = new TemplateStore(dataSource);
  }

  async list(practiceId: string): Promise<CatalogTemplate[]> {
    const own = await this.store.all(practiceId);
    return [
      ...own.map((t) => ({ ...t.definition, source: 'practice' as const, id: t.id })),
      ...this.library.templates.map((t) => ({ ...t, source: 'library' as const })),
    ];
  }

  async get(practiceId: string, key: string): Promise<CatalogTemplate> {
    const own = await this.store.byKey(practiceId, key);
    if (own) return { ...own.definition, source: 'practice', id: own.id };
    const seeded = this.library.byKey.get(key);
    if (!seeded) throw new NotFoundError('Template', key);
    return { ...seeded, source: 'library' };
  }

  async save(practiceId: string, user: SessionUser, raw: Record<string, unknown>): Promise<CatalogTemplate> {
    const definition = parseOne(raw);
    if (this.library.byKey.has(definition.key))
      throw new ConflictError(`"${definition.key}" is a library template's key; choose another key`);
    return inTransaction(this.dataSource, async (tx) => {
      const existing = await this.store.byKey(practiceId, definition.key, tx);
      const before = existing?.definition;
      const row = await this.store.put(practiceId, existing, definition, user.id, tx);
      await this.audit.record(tx, practiceId, {
        actor: actorOf(user),
        action: existing ? 'template.updated' : 'template.created',
        entityType: 'template',
        entityId: row.id,
        before,
        after: definition,
        details: { key: definition.key },
      });
      return { ...definition, source: 'practice', id: row.id };
    });
  }

  async remove(practiceId: string, user: SessionUser, key: string): Promise<void> {
    await inTransaction(this.dataSource, async (tx) => {
      const row = await this.store.byKey(practiceId, key, tx);
      if (!row) throw new NotFoundError('Practice template', key);
      await this.store.remove(practiceId, row.id, tx);
      await this.audit.record(tx, practiceId, {
        actor: actorOf(user),
        action: 'template.deleted',
        entityType: 'template',
        entityId: row.id,
        before: row.definition,
        details: { key },
      });
    });
  }

  /** The template rendered for each network with the practice's own details (example values for missing vars). */
  preview(
    template: LibraryTemplate,
    practice: Practice,
    vars: Record<string, string> = {},
    scheduledFor?: string,
  ): Record<Network, { text?: string; error?: string }> {
    const today = DateTime.now().setZone(practice.timezone).toISODate()!;
    const examples = upcomingExamples(template.requiredVars ?? [], today);
    const values = { ...Object.fromEntries(examples.map((v) => [v.name, v.example])), ...vars };
    const scheduledAt = scheduledFor
      ? resolveScheduledFor(scheduledFor, practice.timezone).instant.toISOString()
      : new Date().toISOString();
    const out = {} as Record<Network, { text?: string; error?: string }>;
    for (const network of NETWORKS) {
      try {
        out[network] = {
          text: composeLibraryPost(template, {
            practice: practiceVariables(practice),
            vars: values,
            network,
            timezone: practice.timezone,
            scheduledAt,
          }),
        };
      } catch (error) {
        if (error instanceof TemplateRenderError) out[network] = { error: error.message };
        else throw error;
      }
    }
    return out;
  }

  /** A new draft whose text is the template (variables stay live until publish) plus its hashtags. */
  async draft(practiceId: string, user: SessionUser, key: string, input: DraftFromTemplate): Promise<Post> {
    const template = await this.get(practiceId, key);
    const missing = (template.requiredVars ?? []).filter((v) => !input.vars?.[v.name]?.trim());
    if (missing.length)
      throw new InvalidInputError(`Fill in ${missing.map((v) => `${v.name} (${v.description})`).join(', ')}`, {
        field: 'vars',
        missing: missing.map((v) => v.name),
      });
    const variants = Object.fromEntries(
      NETWORKS.filter((n) => template.variants?.[n]).map((n) => [
        n,
        appendHashtags(template.variants![n]!, template.hashtags, n),
      ]),
    );
    return this.compose.create(practiceId, user, {
      baseText: appendHashtags(template.body, template.hashtags, 'facebook'),
      variants,
      templateKey: template.key,
      templateVars: input.vars ?? {},
      scheduledFor: input.scheduledFor ?? undefined,
      targetAccountIds: input.targetAccountIds,
      campaign: input.campaign ?? null,
    });
  }
}

function parseOne(raw: Record<string, unknown>): LibraryTemplate {
  try {
    return parseLibraryDocument({ templates: [raw] }, 'template')[0];
  } catch (error) {
    if (error instanceof TemplateLibraryError)
      throw new InvalidInputError(error.problems.map((p) => p.replace(/^template(\[0\])?:?\s*/, '')).join('; '), {
        problems: error.problems,
      });
    throw error;
  }
}
