/** Markdown: for pull-request comments and CI step summaries (GitHub-flavoured tables). */
import type { Report } from "./build";

export function renderMarkdown(report: Report): string {
  return `# AI spend by outcome\n\n${report.source.name}\n`;
}
