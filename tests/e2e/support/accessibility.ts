// WCAG 2.1 AA checks run inside the page: landmarks, one h1, labels, decorative icons hidden, unique ids, and
// text contrast (the WCAG ratio against the nearest opaque background). axe-core runs too once it is installed.
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

export interface A11yFindings {
  readonly lang: string;
  readonly h1: number;
  readonly landmarks: Record<string, number>;
  readonly unlabelled: string[];
  readonly visibleIcons: number;
  readonly duplicateIds: string[];
  readonly lowContrast: string[];
  readonly axe: string[] | null;
}

export async function checkAccessibility(page: Page): Promise<A11yFindings> {
  const findings = await page.evaluate(() => {
    const luminance = (rgb: number[]) => {
      const [r, g, b] = rgb.map((v) => { const c = v / 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; }) as [number, number, number];
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const parse = (color: string) => (color.match(/[\d.]+/g) ?? []).map(Number);
    const background = (element: Element | null): number[] => {
      for (let at = element; at; at = at.parentElement) {
        const rgba = parse(getComputedStyle(at).backgroundColor);
        if (rgba.length === 3 || (rgba[3] ?? 1) > 0.5) return rgba.slice(0, 3);
      }
      return [255, 255, 255];
    };
    const lowContrast: string[] = [];
    for (const element of Array.from(document.querySelectorAll('body *'))) {
      const own = Array.from(element.childNodes).some((node) => node.nodeType === 3 && node.textContent!.trim() !== '');
      const box = element.getBoundingClientRect();
      if (!own || box.width === 0 || element.closest('[hidden], details:not([open]) > :not(summary)')) continue;
      const style = getComputedStyle(element);
      const [l1, l2] = [luminance(parse(style.color).slice(0, 3)), luminance(background(element))];
      const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) lowContrast.push(`${element.tagName.toLowerCase()} "${element.textContent!.trim().slice(0, 40)}" ${ratio.toFixed(2)}`);
    }
    const ids = Array.from(document.querySelectorAll('[id]')).map((element) => element.id);
    return {
      lang: document.documentElement.lang,
      h1: document.querySelectorAll('h1').length,
      landmarks: Object.fromEntries(['header', 'nav', 'main', 'footer'].map((tag) => [tag, document.querySelectorAll(`body > ${tag}, body ${tag}`).length])),
      unlabelled: Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea:not([hidden])'))
        .filter((element) => (element as HTMLInputElement).labels?.length === 0 && !element.getAttribute('aria-label'))
        .map((element) => element.outerHTML.slice(0, 80)),
      visibleIcons: Array.from(document.querySelectorAll('svg')).filter((svg) => svg.getAttribute('aria-hidden') !== 'true').length,
      duplicateIds: ids.filter((id, i) => ids.indexOf(id) !== i),
      lowContrast,
    };
  });
  return { ...findings, axe: await runAxe(page) };
}

/** Violations of axe-core's WCAG 2.1 A/AA rules, or null while axe-core is not installed (briefs/portal-needs.md). */
export async function runAxe(page: Page): Promise<string[] | null> {
  let path: string;
  try {
    path = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  } catch {
    return null;
  }
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: unknown): Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((violation) => `${violation.id} (${violation.nodes.length})`);
  });
  return violations;
}
