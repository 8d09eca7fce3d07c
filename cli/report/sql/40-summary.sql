-- What the bill covers: per month and currency, AI lines and other spend, and the last charge day.
SELECT
  ChargeMonth AS month,
  BillingCurrency AS currency,
  ai_service IS NOT NULL AS ai,
  sum(lines) AS lines,
  sum(EffectiveCost) AS effective_cost,
  max(ChargeDay) AS last_day,
  strftime(max(last_end) - INTERVAL 1 SECOND, '%Y-%m-%d') AS last_covered_day,
  min(_file) AS first_file
FROM bill_classified
GROUP BY ALL
ORDER BY month, currency, ai;
