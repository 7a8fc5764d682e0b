// Checks every page gets in the browser tests: nothing wider than a phone, and no serious or critical axe-core
// violations. axe is evaluated in the page through the DevTools protocol, so the page's strict CSP stays on.
import { readFileSync } from 'node:fs';
import { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Serious and critical WCAG 2.1 A/AA violations on the page as it is now. */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate<AxeViolation[]>(`
    window.axe
      .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })
      .then((r) => r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
      })))
  `);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * What sticks out past the viewport's right edge: the page's own scroll width, and each visible element whose box
 * ends past it (unless a scrolling or clipping ancestor contains it), so an overflow hidden by the body is found too.
 */
export async function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; wide: string[] }> {
  // A mobile browser widens its layout viewport to fit wide content, so innerWidth would hide the overflow.
  const width = page.viewportSize()!.width;
  return page.evaluate(`(() => {
    const width = ${width};
    // Inside a scrolling or clipping box that itself fits (a tab strip that scrolls sideways), nothing sticks out.
    const clipped = (el) => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        const x = getComputedStyle(a).overflowX;
        const clips = x === 'auto' || x === 'scroll' || x === 'hidden' || x === 'clip';
        if (clips && a.getBoundingClientRect().right <= width + 1) return true;
      }
      return false;
    };
    const wide = [];
    for (const el of document.querySelectorAll('body *')) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.position === 'fixed') continue;
      if (box.right > width + 1 && !clipped(el)) {
        const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).slice(0, 2).join('.') : '');
        wide.push(name + ' (' + Math.round(box.right) + 'px)');
      }
    }
    return { scrollWidth: document.documentElement.scrollWidth, wide: wide.slice(0, 10) };
  })()`);
}

/**
 * Top-bar links hidden under the person's menu (links do not wrap, and the bar lets them shrink): the visible
 * navigation links whose box reaches past the menu's left edge.
 */
export async function navUnderMenu(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    const menu = document.querySelector('.user-menu');
    if (!menu) return [];
    const left = menu.getBoundingClientRect().left;
    return [...document.querySelectorAll('.nav a')]
      .filter((a) => a.getBoundingClientRect().width > 0 && getComputedStyle(a).visibility !== 'hidden')
      .filter((a) => a.getBoundingClientRect().right > left + 1)
      .map((a) => a.textContent.trim() + ' (' + Math.round(a.getBoundingClientRect().right) + 'px, menu at ' + Math.round(left) + 'px)');
  })()`);
}
