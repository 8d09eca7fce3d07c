-- Only when the check above finds any: which files and lines, one row per file and problem.
-- (This pass reads the bill again, line by line; a bill without problems never runs it.)
SELECT
  _file AS file,
  problem,
  count(*) AS lines,
  min(_row) AS first_row,
  min(CASE problem WHEN 'Tags' THEN Tags_json WHEN 'BillingCurrency' THEN currency END) AS example
FROM (
  SELECT
    _file,
    _row,
    Tags_json,
    upper(trim(BillingCurrency)) AS currency,
    CASE
      WHEN _bad IS NOT NULL THEN _bad
      WHEN coalesce(trim(Tags_json), '') <> ''
        AND NOT (json_valid(Tags_json) AND json_type(Tags_json) = 'OBJECT') THEN 'Tags'
      WHEN NOT regexp_matches(coalesce(upper(trim(BillingCurrency)), ''), '^[A-Z]{3}$') THEN 'BillingCurrency'
      WHEN upper(trim(BillingCurrency)) <> {{currency_literal}} THEN 'currency'
    END AS problem
  FROM focus_bill
)
WHERE problem IS NOT NULL
GROUP BY ALL
ORDER BY file, problem;
