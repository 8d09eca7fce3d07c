-- For a finance team's own engine: AI spend (EffectiveCost) per outcome tag and month.
-- The report's per-outcome figures add up from the lines above to these sums.
SELECT
  coalesce(outcome, 'untagged') AS outcome,
  ChargeMonth AS month,
  sum(EffectiveCost) AS effective_cost,
  sum(lines) AS lines
FROM bill_classified
WHERE ai_service IS NOT NULL {{month_filter}}
GROUP BY ALL
ORDER BY outcome, month;
