-- POST /lapor/: a complete identified report as the browser sends it (multipart/form-data), in a
-- village taken in turn from bench/results/run/data.lua (written by bench/prepare.py). With
-- BENCH_FOTO=1 it carries one small JPEG, with BENCH_FOTO_BESAR=1 five photos of 60 MP. Every request has a fresh token_pengajuan in the
-- benchmark's namespace (5eedbe7c-0000-0001-..., see netralitas/uji_beban.py TOKEN_KIRIMAN), so each one files
-- a new case and seed_bench --hapus-kiriman can remove them. A valid report answers 302.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local data = dofile(os.getenv("BENCH_DATA"))
local boundary = "----posko-bench-7MA4YWxkTrZu0gW"
local headers = {
  ["Content-Type"] = "multipart/form-data; boundary=" .. boundary,
  ["Cookie"] = "csrftoken=" .. data.csrf,
}

local function field(name, value)
  return "--" .. boundary .. "\r\nContent-Disposition: form-data; name=\"" .. name .. "\"\r\n\r\n" .. value .. "\r\n"
end

local function fields(desa, kategori)
  local f = {
    {"csrfmiddlewaretoken", data.csrf}, {"sumber", "laporan"}, {"nama", "Sri Wahyuni"}, {"nik", desa[5]},
    {"alamat", "Jl. Merdeka 10"}, {"telepon", "0812 3456 7890"}, {"email", ""},
    {"jenis_pemilihan", "pilkada"}, {"kategori", kategori}, {"kategori_lainnya", ""},
    {"tanggal_kejadian", data.tanggal_kejadian}, {"tanggal_diketahui", data.tanggal_diketahui},
    {"provinsi", desa[1]}, {"kabupaten", desa[2]}, {"kecamatan", desa[3]}, {"desa", desa[4]},
    {"alamat_kejadian", "Balai desa"},
    {"kronologi", "Terlapor mengunggah foto bersama pasangan calon dengan ajakan memilih di grup WhatsApp pegawai."},
    {"tautan", "https://www.facebook.com/contoh/posts/123"}, {"pernyataan", "on"}, {"situs_web", ""},
    {"terlapor-TOTAL_FORMS", "1"}, {"terlapor-INITIAL_FORMS", "0"}, {"terlapor-MIN_NUM_FORMS", "1"},
    {"terlapor-MAX_NUM_FORMS", "10"}, {"terlapor-0-nama", "Drs. Bambang Sutrisno"},
    {"terlapor-0-nip", "198503152010011002"}, {"terlapor-0-jabatan", "Camat"},
    {"terlapor-0-instansi_teks", "Pemerintah Kabupaten"}, {"terlapor-0-jenis_asn", "pns"},
    {"saksi-TOTAL_FORMS", "0"}, {"saksi-INITIAL_FORMS", "0"}, {"saksi-MIN_NUM_FORMS", "0"},
    {"saksi-MAX_NUM_FORMS", "10"}, {"kirim", "1"},
  }
  local parts = {}
  for _, kv in ipairs(f) do table.insert(parts, field(kv[1], kv[2])) end
  return table.concat(parts)
end

-- Everything but the token is fixed per village: build those bodies once.
local prefixes = {}
for n, desa in ipairs(data.desa) do
  prefixes[n] = fields(desa, data.kategori[(n - 1) % #data.kategori + 1])
end
local suffix = "--" .. boundary .. "--\r\n"
-- BENCH_FOTO_BERKAS (with BENCH_FOTO_NAMA and BENCH_FOTO_MIME): another photo instead, e.g. the
-- ~200 KB JPEG and PNG that the pairs against django-helpdesk send to both apps.
local foto, foto_nama, foto_mime = data.foto, "foto-kegiatan.jpg", "image/jpeg"
if (os.getenv("BENCH_FOTO_BERKAS") or "") ~= "" then
  foto, foto_nama, foto_mime = os.getenv("BENCH_FOTO_BERKAS"), os.getenv("BENCH_FOTO_NAMA"), os.getenv("BENCH_FOTO_MIME")
end
if os.getenv("BENCH_FOTO") == "1" then
  local f = assert(io.open(foto, "rb"))
  local isi = f:read("*a")
  f:close()
  suffix = "--" .. boundary .. "\r\nContent-Disposition: form-data; name=\"berkas\"; filename=\"" .. foto_nama .. "\"\r\n"
    .. "Content-Type: " .. foto_mime .. "\r\n\r\n" .. isi .. "\r\n" .. suffix
end

-- BENCH_FOTO_BESAR=1: five photos just under the pixel limit (bench/prepare.py FOTO_BESAR), what
-- the web process must check in the request before the report is taken.
if os.getenv("BENCH_FOTO_BESAR") == "1" then
  local parts = {}
  for _, foto in ipairs(data.foto_besar) do
    local f = assert(io.open(foto.path, "rb"))
    local isi = f:read("*a")
    f:close()
    table.insert(parts, "--" .. boundary .. "\r\nContent-Disposition: form-data; name=\"berkas\"; filename=\""
      .. foto.nama .. "\"\r\nContent-Type: " .. foto.mime .. "\r\n\r\n" .. isi .. "\r\n")
  end
  suffix = table.concat(parts) .. suffix
end

local stem, counter, i = "", 0, 0

function init(args)
  stem = random_hex(5)
  i = (tid or 0) * 13
end

function request()
  counter = counter + 1
  i = i % #prefixes + 1
  local token = string.format("5eedbe7c-0000-0001-%s-%s%06x", stem:sub(1, 4), stem:sub(5, 10), counter)
  return wrk.format("POST", "/lapor/", headers, prefixes[i] .. field("token_pengajuan", token) .. suffix)
end
