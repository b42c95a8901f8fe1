-- wrk script: POSTs the JSON body in the file named by the BODY environment variable,
-- with the headers a GraphQL client sends. AUTH, when set, is sent as a Bearer token.
local f = assert(io.open(os.getenv("BODY"), "r"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["network"] = os.getenv("NETWORK") or "bench"
local auth = os.getenv("AUTH")
if auth and auth ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. auth
end
