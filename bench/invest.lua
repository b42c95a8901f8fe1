-- wrk script: the invest mutation under contention, spread over the offering ids listed
-- (one per line) in the file named by OFFERINGS, with the user token in AUTH.
local ids = {}
for line in io.lines(os.getenv("OFFERINGS")) do
  if line ~= "" then ids[#ids + 1] = line end
end
local counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("AUTH")
request = function()
  counter = counter + 1
  local id = ids[(counter % #ids) + 1]
  local body = '{"query":"mutation Invest($o: ID!) { invest(offeringId: $o, amount: \\"100\\") { id } }",' ..
               '"operationName":"Invest","variables":{"o":"' .. id .. '"}}'
  return wrk.format(nil, nil, nil, body)
end
