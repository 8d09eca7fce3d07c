/**
 * Outcomes: the one clear, measurable sentence that makes AI usage a strategy
 * ("AI usage x a defined outcome = a strategy"), and the check that tells a vague wish from one.
 */
import { BoundedCache } from "./memo";
import { z } from "zod";
import { findKpi, KPI_IDS } from "./kpis";

export const OUTCOME_ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
export const ISO_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar date written YYYY-MM-DD (review dates repeat: the answer is cached). */
export function isIsoDate(value: string): boolean {
  if (!ISO_DATE_PATTERN.test(value)) return false;
  return checkedDates.get(value, () => {
    const d = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
  });
}

const checkedDates = new BoundedCache<string, boolean>(4096);

export const isoDate = z
  .string()
  .refine(isIsoDate, { message: "must be a real date written YYYY-MM-DD" });

export const OutcomeSchema = z
  .object({
    id: z.string().regex(OUTCOME_ID_PATTERN, {
      message:
        "must be a slug: lowercase letters, digits and hyphens, 1-63 characters (e.g. support-ticket-deflection)",
    }),
    statement: z
      .string()
      .trim()
      .min(1, { message: "must state the outcome in one measurable sentence" }),
    kpi: z.string().refine((id) => findKpi(id) !== undefined, {
      message: `must be a KPI from the catalog: ${KPI_IDS.join(", ")}`,
    }),
    baseline: z.string().trim().min(1).optional(),
    target: z.string().trim().min(1).optional(),
    owner: z
      .string()
      .trim()
      .min(1, { message: "must name the person accountable (name or email)" }),
    reviewBy: isoDate,
  })
  .strict();

export type Outcome = z.infer<typeof OutcomeSchema>;

export interface OutcomeAssessment {
  readonly ok: boolean;
  readonly oneSentence: boolean;
  readonly measurable: boolean;
  readonly outcomeNotActivity: boolean;
  /** One line per problem, each saying what to change. */
  readonly problems: readonly string[];
}

const NUMBER_WORDS = new Set(
  (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen " +
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million " +
    "billion half halve halving third quarter double doubling triple tripling twice thrice dozen percent"
  ).split(" "),
);

/** Words that make "one" or another number word something other than a quantity. */
const NOT_A_QUANTITY =
  /\b(?:no|any|every|some)[\s-]one\b|\bone[\s-](?:off|of|another|click|stop|shot)\b/gi;

/** Direction words: a measurable outcome moves a metric one way. */
const DIRECTION =
  /\b(?:reduc\w*|cut\w*|lower\w*|decreas\w*|shrink\w*|shorten\w*|increas\w*|rais\w*|grow\w*|improv\w*|boost\w*|lift\w*|doubl\w*|halv\w*|tripl\w*|deflect\w*|resolv\w*|eliminat\w*|sav\w*|accelerat\w*|speed\w*|achiev\w*|reach\w*|hit|keep\w*|maintain\w*|from|to|within|under|below|above|at least|at most|by)\b/i;

/** Activity and usage counts are not outcomes (the articles' "token maxing"). */
const ACTIVITY =
  /\b(?:tokens?|prompts?|api calls?|requests?|pull requests?|prs|lines of code|commits?|generations?|messages sent|chats?|queries|completions?|usage|adoption|(?:active |ai )?users?|seats?|licen[cs]es?|logins?|sessions?|calls?|agents?|copilots?|models?)\b/i;

/** "per day", "a week", "per employee": how a count is normalised, never what it counts. */
const RATE_QUALIFIER =
  /\b(?:per|a|an|each|every)\s+(?:day|week|month|quarter|year|hour|minute|employee|engineer|person|user|rep|agent|team|seat|developer)s?\b/gi;

/** Words that start a statement about doing something with AI rather than what it changes. */
const ACTIVITY_START =
  /^\s*(?:deploy|roll(?:ing)?[\s-]?out|adopt|use|using|implement|launch|give|provide|onboard|enable|integrate|install|set up|buy|purchase|license|train|migrate|introduce|pilot|try|explore|experiment with|leverage|utili[sz]e|build|ship|offer|make)\b/i;

/** Verbs that move a metric: an activity-led statement that goes on to one of these names a result. */
const DIRECTION_VERB =
  /\b(?:reduc\w*|cut\w*|lower\w*|decreas\w*|shrink\w*|shorten\w*|increas\w*|rais\w*|grow\w*|improv\w*|boost\w*|lift\w*|doubl\w*|halv\w*|tripl\w*|deflect\w*|resolv\w*|eliminat\w*|sav\w*|accelerat\w*|speed\w*)\b/i;

/**
 * Words that say how much, which way, when or for whom, but not what: a statement made only of
 * these ("Save 5 hours") measures nothing in particular.
 */
const NOT_A_WHAT = new Set(
  (
    "the a an of to from by in on for per at with and or our we us it its their them they each every all " +
    "more less fewer than least most within under below above over into next this that these those is are be " +
    "so up down out off while still only about around approximately roughly nearly almost just new " +
    "hour hours minute minutes day days week weeks month months quarter quarters year years time times " +
    "percent pct usd eur gbp dollar dollars money cost costs spend spending budget saving savings " +
    "ai genai llm employee employees engineer engineers people person staff team teams user users " +
    "everyone someone company organization org q1 q2 q3 q4 h1 h2 fy end"
  ).split(" "),
);

/** The words of a statement that name what it is about, once quantities and directions are gone. */
function whatWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(
      (w) =>
        w.length >= 3 &&
        !NOT_A_WHAT.has(w) &&
        !NUMBER_WORDS.has(w) &&
        !DIRECTION.test(w) &&
        !/^(?:\d|st|nd|rd|th)$/.test(w),
    );
}
const OUTCOME_NOUN =
  /\b(?:time|hours?|minutes?|days?|cost|spend|revenue|deals?|tickets?|csat|satisfaction|conversion|traffic|defects?|incidents?|attrition|rate|deflection|resolution|velocity|volume|invoices?|errors?|churn|leads?|usd|eur|gbp|percent)\b/i;

const ABBREVIATIONS = /\b(?:e\.g|i\.e|etc|vs|approx|mr|mrs|ms|dr|no|inc|ltd|st)\.$/i;

/** Split into sentences without breaking on decimals ("2.5") or common abbreviations. */
export function sentences(text: string): string[] {
  const out: string[] = [];
  let current = "";
  const parts = text.trim().split(/(?<=[.!?])\s+|\n+/);
  for (const part of parts) {
    current = current ? `${current} ${part}` : part;
    if (!ABBREVIATIONS.test(current)) {
      out.push(current);
      current = "";
    }
  }
  if (current) out.push(current);
  return out.map((s) => s.trim()).filter((s) => /[\p{L}\p{N}]/u.test(s));
}

function hasQuantity(text: string): boolean {
  if (/\d/.test(text)) return true;
  const cleaned = text.replace(NOT_A_QUANTITY, " ");
  return cleaned
    .toLowerCase()
    .split(/[^a-z]+/)
    .some((w) => NUMBER_WORDS.has(w));
}

/**
 * The outcome quality check: one sentence, measurable (a quantity in digits or words and a
 * direction), and about a result rather than an activity. Pass the KPI id to also check it is one
 * of the catalog's.
 */
export function assessOutcomeStatement(statement: unknown, kpi?: string): OutcomeAssessment {
  if (typeof statement !== "string") return assess(statement, kpi);
  return assessed.get(`${kpi ?? ""}\u0000${statement}`, () => {
    const fresh = assess(statement, kpi);
    return Object.freeze({ ...fresh, problems: Object.freeze([...fresh.problems]) });
  });
}

/** Assessments by KPI and statement: every endpoint policy checks the same few statements. */
const assessed = new BoundedCache<string, OutcomeAssessment>(4096);

function assess(statement: unknown, kpi?: string): OutcomeAssessment {
  const problems: string[] = [];
  if (typeof statement !== "string" || statement.trim() === "") {
    return {
      ok: false,
      oneSentence: false,
      measurable: false,
      outcomeNotActivity: false,
      problems: [
        "no outcome statement: state in one sentence what this AI spend must change, and by how much",
      ],
    };
  }
  const text = statement.trim();
  const count = sentences(text).length;
  const oneSentence = count === 1;
  if (!oneSentence) {
    problems.push(`the outcome is ${count} sentences; say it in one clear sentence`);
  }
  const quantity = hasQuantity(text);
  const direction = DIRECTION.test(text);
  const measurable = quantity && direction;
  if (!quantity) {
    problems.push(
      `not measurable: "${text}" names no quantity; say by how much and in what, e.g. "reduce the time to create a technical blog post from five hours to one hour"`,
    );
  } else if (!direction) {
    problems.push(
      `not measurable: say which way the number must move (reduce/increase ... from X to Y, or by N)`,
    );
  }
  const counted = text.replace(RATE_QUALIFIER, " ");
  const usageCount =
    ACTIVITY.test(counted) &&
    !OUTCOME_NOUN.test(counted.replace(new RegExp(ACTIVITY.source, "gi"), " "));
  // Without a quantity it is already not measurable; with one it is an activity, not a result.
  const activityLed = quantity && ACTIVITY_START.test(text) && !DIRECTION_VERB.test(text);
  const activity = usageCount || activityLed;
  if (activityLed) {
    problems.push(
      `describes an activity ("${text.trim().split(/\s+/)[0]}..."), not the result it buys; say which business metric moves and by how much, e.g. "cut the time to resolve a Tier 1 ticket from 8 hours to 2 hours"`,
    );
  } else if (usageCount) {
    problems.push(
      "measures activity (tokens, prompts, pull requests, users, usage...), not a business outcome; name the result it buys",
    );
  }
  if (quantity && direction && !activity && whatWords(text).length === 0) {
    problems.push(
      `says how much but not of what: "${text}" names no work, product or metric; say what gets faster, cheaper or better, e.g. "save 5 hours a week per engineer on code review"`,
    );
  }
  if (kpi !== undefined && findKpi(kpi) === undefined) {
    problems.push(`KPI "${kpi}" is not in the catalog; use one of: ${KPI_IDS.join(", ")}`);
  }
  return {
    ok: problems.length === 0,
    oneSentence,
    measurable: measurable && (activity || whatWords(text).length > 0),
    outcomeNotActivity: !activity,
    problems,
  };
}

/** Every problem with an outcome: schema issues by path, then the quality check. */
export function outcomeProblems(input: unknown): string[] {
  const parsed = OutcomeSchema.safeParse(input);
  if (!parsed.success) {
    return parsed.error.issues.map(
      (i) => `${i.path.length ? i.path.join(".") : "outcome"}: ${i.message}`,
    );
  }
  return assessOutcomeStatement(parsed.data.statement, parsed.data.kpi).problems.map(
    (p) => `statement: ${p}`,
  );
}

/** True when the review date is before `today` (both YYYY-MM-DD). */
export function reviewOverdue(reviewBy: string, today: string): boolean {
  return isIsoDate(reviewBy) && reviewBy < today;
}
