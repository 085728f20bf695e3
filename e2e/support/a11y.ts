/**
 * Accessibility and small-screen checks for the pages the journeys visit:
 * axe (WCAG 2 A/AA rules) must find no serious or critical violation, and the
 * page must not scroll sideways, at desktop width and at 390 px. Each check
 * is recorded in the test's annotations, so the run's report lists them per page.
 */
import { appendFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

export const WIDTHS = { desktop: { width: 1280, height: 800 }, mobile: { width: 390, height: 844 } } as const;

export interface PageCheck {
  page: string;
  width: number;
  violations: string[];
  minor: number;
}

export interface CheckOptions {
  /**
   * Elements this branch does not own and that are being fixed where they live, each with the
   * reason. Keep this empty whenever possible: every entry is a hole in the check.
   */
  exclude?: Array<{ selector: string; why: string }>;
}

async function checkAt(page: Page, name: string, width: keyof typeof WIDTHS, options: CheckOptions): Promise<PageCheck> {
  await page.setViewportSize(WIDTHS[width]);
  // Let layout settle at the new width before measuring.
  await page.waitForFunction((w) => window.innerWidth === w, WIDTHS[width].width);
  let builder = new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]);
  for (const { selector, why } of options.exclude ?? []) {
    test.info().annotations.push({ type: "axe-excluded", description: `${name}: ${selector} (${why})` });
    builder = builder.exclude(selector);
  }
  const results = await builder.analyze();
  const blocking = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const check: PageCheck = {
    page: name,
    width: WIDTHS[width].width,
    violations: blocking.map(
      (v) =>
        `${v.id} (${v.impact}, ${v.nodes.length} nodes): ${v.nodes
          .map((n) => n.target.join(" "))
          .slice(0, 3)
          .join(" | ")}`,
    ),
    minor: results.violations.length - blocking.length,
  };
  const summary = `${name} @${check.width}px: ${blocking.length} serious/critical, ${check.minor} minor/moderate`;
  test.info().annotations.push({ type: "axe", description: summary });
  // One line per page and width in the run's output folder: the axe summary of the whole run in one file.
  mkdirSync(test.info().project.outputDir, { recursive: true });
  appendFileSync(path.join(test.info().project.outputDir, "axe-summary.txt"), `${summary}\n`);
  expect(check.violations, `axe on ${name} at ${check.width}px`).toEqual([]);
  const overflow = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  expect(overflow.scroll, `${name} scrolls sideways at ${check.width}px`).toBeLessThanOrEqual(overflow.inner);
  return check;
}

/** Runs both widths, then restores the desktop width the specs assume. */
export async function expectAccessible(page: Page, name: string, options: CheckOptions = {}): Promise<void> {
  await checkAt(page, name, "mobile", options);
  await checkAt(page, name, "desktop", options);
}
