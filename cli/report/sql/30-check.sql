-- Whether any line cannot be read: a required value missing or malformed, tags that are not a
-- JSON object, a currency other than {{currency}} (ceilings are in {{currency}}); and the
-- currencies of the lines that can.
SELECT
  coalesce(
    sum(lines) FILTER (
      WHERE _bad IS NOT NULL OR tag_map IS NULL OR coalesce(BillingCurrency, '') <> {{currency_literal}}
    ),
    0
  ) AS problem_lines,
  string_agg(DISTINCT BillingCurrency, ', ' ORDER BY BillingCurrency) FILTER (WHERE _bad IS NULL) AS currencies
FROM bill_tagged;
