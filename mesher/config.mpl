# Configuration from the environment (contract section 1.2), with the
# documented defaults. Integers that do not parse fall back to the default
# (as upstream does for the ports); the port log lines print the raw text.

pub fn env_or(name :: String, default :: String) -> String do
  case Env.get(name) do
    Some(v) -> if v == "" do default else v end
    None -> default
  end
end

pub fn env_int(name :: String, default :: Int) -> Int do
  case Env.get(name) do
    Some(v) -> case String.to_int(v) do
      Some(n) -> n
      None -> default
    end
    None -> default
  end
end

# DATABASE_URL, then MESHER_DATABASE_URL, then upstream's fixed URL.
pub fn database_url() -> String do
  env_or("DATABASE_URL", env_or("MESHER_DATABASE_URL", "postgres://mesh:mesh@localhost:5432/mesher"))
end

pub fn http_port_text() -> String do
  env_or("MESHER_HTTP_PORT", "8080")
end

pub fn ws_port_text() -> String do
  env_or("MESHER_WS_PORT", "8081")
end

pub fn http_port() -> Int do
  env_int("MESHER_HTTP_PORT", 8080)
end

pub fn ws_port() -> Int do
  env_int("MESHER_WS_PORT", 8081)
end

pub fn rate_limit_max() -> Int do
  env_int("MESHER_RATE_LIMIT_MAX", 1000)
end

pub fn rate_limit_window_s() -> Int do
  env_int("MESHER_RATE_LIMIT_WINDOW_S", 60)
end

# Optional admin token: when set, every management route wants
# `Authorization: Bearer <token>` (ingestion keeps its API keys).
pub fn admin_token() -> String do
  env_or("MESHER_ADMIN_TOKEN", "")
end

pub fn flush_interval_ms() -> Int do
  env_int("MESHER_FLUSH_INTERVAL_MS", 500)
end

pub fn alert_interval_s() -> Int do
  env_int("MESHER_ALERT_INTERVAL_S", 30)
end

pub fn retention_interval_s() -> Int do
  env_int("MESHER_RETENTION_INTERVAL_S", 86400)
end

pub fn spike_interval_s() -> Int do
  env_int("MESHER_SPIKE_INTERVAL_S", 300)
end

# New API keys are stored as SHA-256 digests (shown in full once, at
# creation); MESHER_HASH_API_KEYS=0 keeps upstream's plaintext keys.
pub fn hash_api_keys() -> Bool do
  let v = env_or("MESHER_HASH_API_KEYS", "1")
  v != "0" && v != "false"
end

# The spool file (acknowledged events not yet in PostgreSQL).
pub fn spool_path() -> String do
  env_or("MESHER_SPOOL_PATH", "mesher-spool.db")
end

# "normal" (survives a crash of the process) or "full" (also a power cut).
pub fn spool_sync() -> String do
  env_or("MESHER_SPOOL_SYNC", "normal")
end

# Past this many events waiting in the spool, ingestion answers 503.
pub fn spool_max() -> Int do
  env_int("MESHER_SPOOL_MAX", 10000)
end

pub fn db_statement_timeout_ms() -> Int do
  env_int("MESHER_DB_STATEMENT_TIMEOUT_MS", 15000)
end

pub fn db_connect_timeout_ms() -> Int do
  env_int("MESHER_DB_CONNECT_TIMEOUT_MS", 5000)
end
