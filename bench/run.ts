/**
 * `npm run bench`: OutcomeGuard's policy pack side by side with an empty pack (the floor) and
 * AWSGuard, measured in one run on one machine. Prints a table and writes bench/results.json.
 *
 *   npm run bench                      full run (medians of 5; 10-15 min)
 *   npm run bench -- --smoke           small sizes, one run (what CI runs); BENCH_SMOKE=1 too
 *   npm run bench -- --only=coldstart,throughput,stack,preview
 *                                      some sections; the others are kept from the output file
 *   --runs=N  --seed=N  --out=FILE  --no-awsguard  --install-awsguard
 *   npm run bench -- --engine          only the real `pulumi preview` bench (needs the CLI of
 *                                      scripts/pulumi-cli/build.sh; writes bench/engine-results.json)
 *   --engine --runs=N --large-runs=N --endpoints=N --out=FILE
 *   --report-only [--report-lines=N]  only the report on a big bill (kept beside the other results)
 *
 * Method and latest figures: docs/PERFORMANCE.md.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseOptions, previous, renderReport, runBench, UsageError } from "./lib/bench";
import { runEngineBench } from "./lib/engine-bench";
import { renderReportBench, runReportBench } from "./lib/report-bench";

const log = (line: string) => console.error(`[bench] ${line}`);

async function cli(argv: string[]): Promise<number> {
  let opts: ReturnType<typeof parseOptions>;
  try {
    opts = parseOptions(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    const head = fs.readFileSync(__filename, "utf8").split("*/")[0] ?? "";
    const usage = head.replace(/^\/\*\*\n|^ \* ?/gm, "").trim();
    if (e.message === "help") console.log(usage);
    else console.error(`bench: ${e.message}\n\n${usage}`);
    return e.message === "help" ? 0 : 2;
  }
  if (opts.engine) return runEngineBench(opts, log).then(() => 0);
  const results = opts.reportOnly ? undefined : await runBench(opts, log);
  const report = await runReportBench(opts.mode === "smoke", log, opts.reportLines);
  fs.mkdirSync(path.dirname(opts.out), { recursive: true });
  const kept = results ?? previous(opts.out);
  fs.writeFileSync(opts.out, JSON.stringify({ ...kept, report }, null, 2) + "\n");
  if (results) console.log(renderReport(results));
  const wrote = path.relative(process.cwd(), opts.out) || opts.out;
  console.log(`${renderReportBench(report)}\n\nwrote ${wrote}`);
  return 0;
}

cli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exit(1);
  },
);
