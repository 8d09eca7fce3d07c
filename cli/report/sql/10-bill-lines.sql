-- One pass over the bill: lines summed per file, charge day, currency, service, resource,
-- account, region and tags. Everything after this reads the (much smaller) sums.
-- focus_bill is the bill with FOCUS column names (see the view above, built for the inputs).
-- _bad names the first required column a line lacks (NULL when the line is whole).
CREATE OR REPLACE TEMP TABLE bill_lines AS
SELECT
  _file,
  _bad,
  upper(trim(BillingCurrency)) AS BillingCurrency,
  trim(ServiceName) AS ServiceName,
  trim(x_ServiceCode) AS x_ServiceCode,
  trim(ResourceId) AS ResourceId,
  trim(SubAccountId) AS SubAccountId,
  trim(RegionId) AS RegionId,
  Tags_json,
  Tags_map,
  CAST(ChargePeriodStart AS DATE) AS ChargeDay,
  count(*) AS lines,
  sum(EffectiveCost) AS EffectiveCost,
  sum(BilledCost) AS BilledCost,
  min(_row) AS first_row,
  max(ChargePeriodEnd) AS last_end
FROM focus_bill
GROUP BY ALL;
