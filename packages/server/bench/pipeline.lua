-- Sends `depth` requests in one write (HTTP/1.1 pipelining, RFC 9112 §9.3.2).
-- wrk counts each response, so requests/s counts requests, not batches.
local depth = 16

init = function(args)
  if args[1] ~= nil then depth = tonumber(args[1]) end
  local batch = {}
  for i = 1, depth do
    batch[i] = wrk.format()
  end
  pipelined = table.concat(batch)
end

request = function()
  return pipelined
end
