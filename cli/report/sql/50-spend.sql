-- AI spend by service, resource, account, region, outcome, team, cost center and charge day:
-- what the report allocates to endpoints and outcomes.
SELECT
  ai_service,
  ServiceName AS service_name,
  ResourceId AS resource_id,
  SubAccountId AS account,
  RegionId AS region,
  outcome,
  team,
  cost_center,
  ai_model AS model,
  strftime(ChargeDay, '%Y-%m-%d') AS day,
  sum(lines) AS lines,
  sum(EffectiveCost) AS effective_cost,
  sum(BilledCost) AS billed_cost
FROM bill_classified
WHERE ai_service IS NOT NULL {{month_filter}}
GROUP BY ALL
ORDER BY ALL;
