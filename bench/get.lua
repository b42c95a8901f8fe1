-- wrk script: GETs with the token (when AUTH is set) as the whole cv-auth header.
local auth = os.getenv("AUTH")
if auth and auth ~= "" then
  wrk.headers["cv-auth"] = auth
end
