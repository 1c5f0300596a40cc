-- wrk script for the JSON→XML row: POST the 1 KB order (path given as the script's argument
-- through the ORDER environment variable) to /transform.
local f = assert(io.open(os.getenv("ORDER"), "rb"))
local body = f:read("*a")
f:close()
wrk.method = "POST"
wrk.path = "/transform"
wrk.body = body
wrk.headers["Content-Type"] = "application/json"
