/**
 * Waivers: a time-boxed, reasoned exception to a rule for named resources. A live waiver suppresses
 * the violation (and the pack says so); an expired one is ignored and reported, so exceptions do
 * not outlive their reason.
 */
import { z } from "zod";
import { ISO_DATE_PATTERN, isIsoDate } from "./outcome";

export const WaiverSchema = z
  .object({
    resource: z
      .string({ error: "must be a glob on the resource name or URN, e.g. legacy-*" })
      .min(1, { error: "must be a glob on the resource name or URN, e.g. legacy-*" })
      .describe(
        "Glob matched against the resource's name and its URN: `*` matches any run of characters, `?` exactly one; everything else is literal and case-sensitive.",
      ),
    reason: z
      .string({ error: "must say why the rule does not apply, in words" })
      .trim()
      .min(1, { error: "must say why the rule does not apply, in words" })
      .describe("Why the rule is waived; shown with every waived violation."),
    expires: z
      .string({ error: "must be a date written YYYY-MM-DD" })
      .regex(ISO_DATE_PATTERN, { error: "must be a date written YYYY-MM-DD" })
      .refine(isIsoDate, { error: "must be a real calendar date written YYYY-MM-DD" })
      .describe("Last day (UTC, inclusive) the waiver applies, YYYY-MM-DD."),
  })
  .strict();

export type Waiver = z.output<typeof WaiverSchema>;

/** The resource a violation is about, as a waiver's glob sees it. */
export interface WaiverSubject {
  readonly name: string;
  readonly urn: string;
}

const compiled = new Map<string, RegExp>();

/** A glob as an anchored regular expression: `*` any run of characters, `?` one character. */
export function globToRegExp(glob: string): RegExp {
  let re = compiled.get(glob);
  if (re === undefined) {
    let source = "";
    for (const ch of glob) {
      if (ch === "*") source += "[\\s\\S]*";
      else if (ch === "?") source += "[\\s\\S]";
      else source += ch.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }
    re = new RegExp(`^${source}$`);
    if (compiled.size > 1000) compiled.clear();
    compiled.set(glob, re);
  }
  return re;
}

export function waiverMatches(waiver: Pick<Waiver, "resource">, subject: WaiverSubject): boolean {
  const re = globToRegExp(waiver.resource);
  return re.test(subject.name) || re.test(subject.urn);
}

/** A waiver applies through its `expires` day (UTC). */
export function waiverLive(waiver: Pick<Waiver, "expires">, today: string): boolean {
  return today <= waiver.expires;
}

export interface WaiverVerdict {
  /** The live waiver that suppresses the violation (the one lasting longest), if any. */
  readonly live?: Waiver;
  /** Matching waivers that have expired: ignored, and reported. */
  readonly expired: readonly Waiver[];
}

/** The waivers that match any of the subjects, split into the live one and the expired ones. */
export function findWaivers(
  waivers: readonly Waiver[],
  subjects: readonly WaiverSubject[],
  today: string,
): WaiverVerdict {
  let live: Waiver | undefined;
  const expired: Waiver[] = [];
  for (const w of waivers) {
    if (!subjects.some((s) => waiverMatches(w, s))) continue;
    if (waiverLive(w, today)) {
      if (live === undefined || w.expires > live.expires) live = w;
    } else {
      expired.push(w);
    }
  }
  return live ? { live, expired } : { expired };
}

export function describeWaiver(w: Waiver): string {
  return `waiver "${w.resource}" (expires ${w.expires}: ${w.reason})`;
}

let cachedDay = -1;
let cachedToday = "";

/** Today's date in UTC, YYYY-MM-DD (cached per day: policies ask for it on every resource). */
export function isoToday(now?: Date): string {
  if (now) return now.toISOString().slice(0, 10);
  const ms = Date.now();
  const day = Math.floor(ms / 86_400_000);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedToday = new Date(ms).toISOString().slice(0, 10);
  }
  return cachedToday;
}
