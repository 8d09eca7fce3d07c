/**
 * The HTML report opened in headless Chromium (Debian's `chromium`; scripts/ensure-chromium.sh
 * installs it): it renders without errors, fetches nothing, and the chart shows one bar group per
 * outcome with bars in proportion to the figures. Without Chromium the tests are skipped, saying so.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportCommand } from "../../../cli/report/command";
import {
  FOCUS_COLUMNS_WITH_PLACE,
  focusCsv,
  memoryDeps,
  multiMonthBill,
  realisticBill,
  realisticStack,
} from "../../support/report-fixtures";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const NO_CHROMIUM = `Chromium not found at ${CHROMIUM}: run scripts/ensure-chromium.sh (or set CHROMIUM_PATH) to check the HTML report in a browser`;

if (!HAVE_CHROMIUM) console.warn(`SKIPPED browser tests: ${NO_CHROMIUM}`);

async function report(format: string, withBill: boolean, bill = "nov.csv"): Promise<string> {
  const files = {
    "prod.json": realisticStack().text(),
    "nov.csv": focusCsv(realisticBill()),
    "q4.csv": focusCsv(multiMonthBill(), FOCUS_COLUMNS_WITH_PLACE),
  };
  const { deps, io, captured } = memoryDeps(files);
  const argv = ["--state", "prod.json", "--format", format, ...(withBill ? ["--focus", bill] : [])];
  const code = await reportCommand(argv, io, deps);
  if (code !== 0) throw new Error(captured.err.join("\n"));
  return captured.out.join("\n");
}

interface Opened {
  consoleErrors: string[];
  pageErrors: string[];
  requests: string[];
  url: string;
}

describe("the HTML report in headless Chromium", () => {
  let dir = "";
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    if (!HAVE_CHROMIUM) return;
    dir = mkdtempSync(path.join(tmpdir(), "outcomeguard-report-"));
    context = await chromium.launchPersistentContext(path.join(dir, "profile"), {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
      viewport: { width: 1280, height: 900 },
    });
  });

  afterAll(async () => {
    await context?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function open(html: string, name: string) {
    if (!context) throw new Error("no browser");
    const file = path.join(dir, name);
    writeFileSync(file, html);
    const page = await context.newPage();
    const seen: Opened = {
      consoleErrors: [],
      pageErrors: [],
      requests: [],
      url: pathToFileURL(file).href,
    };
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") seen.consoleErrors.push(m.text());
    });
    page.on("pageerror", (e) => seen.pageErrors.push(e.message));
    page.on("request", (r) => seen.requests.push(r.url()));
    await page.goto(seen.url, { waitUntil: "load" });
    return { page, seen };
  }

  it("renders without errors, fetches nothing, one bar group per outcome", async (ctx) => {
    if (!HAVE_CHROMIUM) return ctx.skip(NO_CHROMIUM);
    const json = JSON.parse(await report("json", true)) as {
      outcomes: {
        outcome: string;
        totals: { ceilingUsd: number; projectedMaxUsd: number; actualUsd: number };
      }[];
    };
    const { page, seen } = await open(await report("html", true), "with-bill.html");
    try {
      expect(seen.pageErrors).toEqual([]);
      expect(seen.consoleErrors).toEqual([]);
      expect(seen.requests).toEqual([seen.url]);

      const groups = page.locator("svg.chart g.outcome-group");
      expect(await groups.count()).toBe(json.outcomes.length);
      expect(
        await groups.evaluateAll((gs) => gs.map((g) => g.getAttribute("data-outcome"))),
      ).toEqual(json.outcomes.map((o) => o.outcome));
      // Each group: ceiling, projected maximum and actual.
      const perGroup = await groups.evaluateAll((gs) =>
        gs.map((g) => [...g.querySelectorAll("rect.bar")].map((r) => r.getAttribute("class"))),
      );
      for (const bars of perGroup) {
        expect(bars).toHaveLength(3);
        expect(bars[0]).toMatch(/bar-ceiling/);
        expect(bars[1]).toMatch(/bar-projected/);
        expect(bars[2]).toMatch(/bar-actual/);
      }

      // The chart is laid out and visible.
      const svgBox = await page.locator("svg.chart").boundingBox();
      expect(svgBox?.width).toBeGreaterThan(600);
      expect(svgBox?.height).toBeGreaterThan(json.outcomes.length * 40);

      // Bars are drawn in proportion to the figures: content-velocity's $5,000 ceiling,
      // $4,380 projected maximum and $1,200 actual.
      const widths = await page
        .locator('g.outcome-group[data-outcome="content-velocity"] rect.bar')
        .evaluateAll((rs) => rs.map((r) => r.getBoundingClientRect().width));
      const [ceiling, projected, actual] = widths as [number, number, number];
      expect(projected / ceiling).toBeCloseTo(4380 / 5000, 2);
      expect(actual / ceiling).toBeCloseTo(1200 / 5000, 2);

      // Spend above the ceiling stands out.
      const over = page.locator(
        'g.outcome-group[data-outcome="invoice-extraction"] rect.bar-actual',
      );
      expect(await over.getAttribute("class")).toMatch(/\bover\b/);
      expect(
        await over.evaluate((r) => r.ownerDocument.defaultView?.getComputedStyle(r).fill),
      ).toBe("rgb(214, 39, 40)");

      // The headline figures a finance lead reads first.
      const cards = await page.locator(".card").allInnerTexts();
      expect(cards.join("\n")).toMatch(/ACTUAL AI SPEND\s+\$6,516/i);
      expect(cards.join("\n")).toMatch(/UNTAGGED AI SPEND\s+\$526/i);
    } finally {
      await page.close();
    }
  });

  it("without a bill: two bars per outcome and no actual column", async (ctx) => {
    if (!HAVE_CHROMIUM) return ctx.skip(NO_CHROMIUM);
    const { page, seen } = await open(await report("html", false), "no-bill.html");
    try {
      expect(seen.pageErrors).toEqual([]);
      expect(seen.consoleErrors).toEqual([]);
      const perGroup = await page
        .locator("svg.chart g.outcome-group")
        .evaluateAll((gs) => gs.map((g) => g.querySelectorAll("rect.bar").length));
      expect(perGroup).toEqual([2, 2, 2, 2]);
      expect(await page.locator("table.outcomes th", { hasText: "Actual" }).count()).toBe(0);
    } finally {
      await page.close();
    }
  });

  it("at 1280 px: no horizontal overflow, untagged in a warning colour, uncapped drawn as no value, thousands separators, long ids wrapped", async (ctx) => {
    if (!HAVE_CHROMIUM) return ctx.skip(NO_CHROMIUM);
    for (const bill of ["nov.csv", "q4.csv"]) {
      const { page, seen } = await open(await report("html", true, bill), `finance-${bill}.html`);
      try {
        expect(seen.pageErrors).toEqual([]);
        expect(seen.consoleErrors).toEqual([]);
        const size = await page.locator("html").evaluate((e) => ({
          scroll: e.scrollWidth,
          client: e.clientWidth,
        }));
        expect(size.scroll).toBeLessThanOrEqual(size.client);
        // A screenshot to look at: REPORT_SCREENSHOT_DIR keeps it.
        const shot = path.join(process.env.REPORT_SCREENSHOT_DIR ?? dir, `report-${bill}.png`);
        await page.screenshot({ path: shot, fullPage: true });
        expect(existsSync(shot)).toBe(true);

        // Untagged spend stands out in the warning colour.
        const warn = "rgb(180, 35, 24)";
        const card = page.locator(".card.untagged .card-value");
        expect(
          await card.evaluate((e) => e.ownerDocument.defaultView?.getComputedStyle(e).color),
        ).toBe(warn);
        const untaggedRows = page.locator("#untagged tbody tr.untagged td");
        expect(await untaggedRows.count()).toBeGreaterThan(0);
        expect(
          await untaggedRows
            .first()
            .evaluate((e) => e.ownerDocument.defaultView?.getComputedStyle(e).color),
        ).toBe(warn);

        // "uncapped" is words, not a bar: the projected bar of an uncapped outcome has no width.
        const uncapped = page.locator(
          'g.outcome-group[data-outcome="support-ticket-deflection"] rect.bar-projected',
        );
        expect(await uncapped.evaluate((r) => r.getBoundingClientRect().width)).toBe(0);
        expect(
          await page
            .locator(
              'g.outcome-group[data-outcome="support-ticket-deflection"] text.value.unbounded',
            )
            .textContent(),
        ).toMatch(/uncapped/);

        // Every figure of four digits or more has thousands separators.
        const figures = await page
          .locator("td.num, .card-value, svg text.value, svg text.tick")
          .evaluateAll((es) => es.map((e) => e.textContent ?? ""));
        expect(figures.length).toBeGreaterThan(20);
        expect(
          figures.filter((t) => /\d{4,}/.test(t.replace(/\b\d{4}-\d{2}(-\d{2})?\b/g, ""))),
        ).toEqual([]);
        expect(figures.some((t) => /\d,\d{3}/.test(t))).toBe(true);
      } finally {
        await page.close();
      }
    }
  });

  it("a long billed resource id wraps at its separators, inside its column", async (ctx) => {
    if (!HAVE_CHROMIUM) return ctx.skip(NO_CHROMIUM);
    const { page } = await open(await report("html", true), "ids.html");
    try {
      const id = "arn:aws:sagemaker:us-east-1:123456789012:endpoint/churn-model";
      const cell = page.locator("td.resource", { hasText: "churn-model" });
      expect((await cell.innerText()).replace(/^billed\s*/, "")).toBe(id);
      const box = await cell.boundingBox();
      expect(box?.width).toBeLessThanOrEqual(340);
      const lines = await cell.evaluate((td) => {
        const range = td.ownerDocument.createRange();
        range.selectNodeContents(td);
        return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
      });
      expect(lines).toBeGreaterThan(1);
      expect(await cell.evaluate((td) => td.innerHTML)).toMatch(/arn:<wbr>aws:<wbr>sagemaker:/);
    } finally {
      await page.close();
    }
  });
});
