-- The peer (bench/peer, django-helpdesk 2.6.1): a ticket filed through its public form
-- (/tickets/submit/, multipart/form-data as the browser sends it), in a public queue taken in turn,
-- with the same text a /lapor/ report carries. With BENCH_FOTO=1 it attaches BENCH_FOTO_BERKAS, the
-- same bytes the portal's row sends. Each submitter address is new and under kiriman.bench.invalid,
-- so seed_bench removes what a run filed. A valid ticket answers 302 to its public view.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local data = dofile(os.getenv("BENCH_PEER_DATA"))
local csrf = os.getenv("BENCH_CSRF")
local boundary = "----posko-bench-7MA4YWxkTrZu0gW"
local headers = {
  ["Content-Type"] = "multipart/form-data; boundary=" .. boundary,
  ["Cookie"] = "csrftoken=" .. csrf,
}

local function field(name, value)
  return "--" .. boundary .. "\r\nContent-Disposition: form-data; name=\"" .. name .. "\"\r\n\r\n" .. value .. "\r\n"
end

local prefixes = {}
for n, antrean in ipairs(data.antrean) do
  prefixes[n] = field("csrfmiddlewaretoken", csrf) .. field("queue", antrean)
    .. field("title", "Dugaan pelanggaran netralitas: Camat Drs. Bambang Sutrisno")
    .. field("body", "Terlapor (Drs. Bambang Sutrisno, NIP 198503152010011002, Camat, Pemerintah Kabupaten) "
      .. "mengunggah foto bersama pasangan calon dengan ajakan memilih di grup WhatsApp pegawai. "
      .. "Kejadian di balai desa. Tautan: https://www.facebook.com/contoh/posts/123. "
      .. "Pelapor: Sri Wahyuni, Jl. Merdeka 10, 0812 3456 7890.")
    .. field("priority", "3") .. field("due_date", "")
end
local suffix = "--" .. boundary .. "--\r\n"
if os.getenv("BENCH_FOTO") == "1" then
  local f = assert(io.open(os.getenv("BENCH_FOTO_BERKAS"), "rb"))
  local isi = f:read("*a")
  f:close()
  suffix = "--" .. boundary .. "\r\nContent-Disposition: form-data; name=\"attachment\"; filename=\""
    .. os.getenv("BENCH_FOTO_NAMA") .. "\"\r\nContent-Type: " .. os.getenv("BENCH_FOTO_MIME") .. "\r\n\r\n"
    .. isi .. "\r\n" .. suffix
end

local stem, counter, i = "", 0, 0

function init(args)
  stem = random_hex(5)
  i = tid or 0
end

function request()
  counter = counter + 1
  i = i % #prefixes + 1
  local email = string.format("warga-%s-%d%s", stem, counter, data.domain)
  return wrk.format("POST", "/tickets/submit/", headers, prefixes[i] .. field("submitter_email", email) .. suffix)
end
