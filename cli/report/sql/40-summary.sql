-- What the bill covers: per month and currency, AI lines and other spend, and the last charge day.
SELECT
  ChargeMonth AS month,
  BillingCurrency AS currency,
  ai_service IS NOT NULL AS ai,
  sum(lines) AS lines,
  sum(EffectiveCost) AS effective_cost,
  strftime(max(ChargeDay), '%Y-%m-%d') AS last_day,
  strftime(make_timestamp((max(last_end_ms) - 1000) * 1000), '%Y-%m-%d') AS last_covered_day
FROM bill_classified
GROUP BY ALL
ORDER BY month, currency, ai;
