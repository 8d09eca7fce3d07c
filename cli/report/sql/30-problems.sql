-- Lines the report cannot read: a required value missing or malformed, tags that are not a
-- JSON object, a currency that is not an ISO 4217 code. One row per file and problem.
SELECT
  _file AS file,
  problem,
  sum(lines) AS lines,
  min(first_row) AS first_row,
  min(example) AS example
FROM (
  SELECT
    _file,
    CASE
      WHEN _bad IS NOT NULL THEN _bad
      WHEN tag_map IS NULL THEN 'Tags'
      WHEN NOT regexp_matches(coalesce(BillingCurrency, ''), '^[A-Z]{3}$') THEN 'BillingCurrency'
    END AS problem,
    lines,
    first_row,
    CASE WHEN tag_map IS NULL THEN Tags_json ELSE BillingCurrency END AS example
  FROM bill_tagged
)
WHERE problem IS NOT NULL
GROUP BY ALL
ORDER BY file, problem;
