# The ingestion spool: a local SQLite file (WAL journal) holding every event
# mesher has acknowledged and not yet committed to PostgreSQL. Ingestion
# appends an event here BEFORE it answers 202; the StorageWriter reads the
# oldest entries, inserts them, and deletes them once PostgreSQL committed
# them; on start the writer simply finds what is left. A SIGKILL therefore
# loses nothing acknowledged: a committed SQLite transaction in WAL mode is
# in the file (synchronous=NORMAL survives a process crash; set
# MESHER_SPOOL_SYNC=full to survive a power cut too, at an fsync per event).
# Events the database rejects for good move to spool_rejected with the reason.
#
# Why SQLite through the language's Sqlite module rather than a runtime
# facility: it is already there, it gives atomic appends and deletes, and a
# crash in the middle of a write cannot leave a torn record.

pub fn open_spool(path :: String, sync :: String) -> SqliteConn!String do
  let conn = Sqlite.open(path)?
  Sqlite.query(conn, "PRAGMA journal_mode=WAL", [])?
  let mode = if sync == "full" do "FULL" else "NORMAL" end
  Sqlite.execute(conn, "PRAGMA synchronous=" <> mode, [])?
  Sqlite.execute(conn, "CREATE TABLE IF NOT EXISTS spool (seq INTEGER PRIMARY KEY AUTOINCREMENT, entry TEXT NOT NULL)", [])?
  Sqlite.execute(conn, "CREATE TABLE IF NOT EXISTS spool_rejected (seq INTEGER PRIMARY KEY, entry TEXT NOT NULL, reason TEXT NOT NULL, rejected_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))", [])?
  Ok(conn)
end

# Appends one entry (see Storage.Writer.writer_entry); Err if the disk or
# the file refuses it (the request then answers 503, nothing acknowledged).
pub fn spool_append(conn :: SqliteConn, entry :: String) -> Int!String do
  Sqlite.execute(conn, "INSERT INTO spool (entry) VALUES (?)", [entry])
end

# Appends several entries in one statement (all or none; in list order).
# They travel as one JSON array of strings, which json_each unpacks.
pub fn spool_append_all(conn :: SqliteConn, entries :: List<String>) -> Int!String do
  Sqlite.execute(conn, "INSERT INTO spool (entry) SELECT value FROM json_each(?) ORDER BY key", [JSON.encode_list(entries)])
end

# The oldest n entries: rows with "seq" and "entry".
pub fn spool_take(conn :: SqliteConn, n :: Int) -> List<Map<String, String>>!String do
  Sqlite.query(conn, "SELECT seq, entry FROM spool ORDER BY seq LIMIT ?", [String.from(n)])
end

# Deletes the entries up to seq (the writer took the oldest ones, so these
# are exactly the ones it committed).
pub fn spool_remove_through(conn :: SqliteConn, seq :: String) -> Int!String do
  Sqlite.execute(conn, "DELETE FROM spool WHERE seq <= ?", [seq])
end

pub fn spool_remove(conn :: SqliteConn, seq :: String) -> Int!String do
  Sqlite.execute(conn, "DELETE FROM spool WHERE seq = ?", [seq])
end

# Moves an entry to spool_rejected with the reason.
pub fn spool_reject(conn :: SqliteConn, seq :: String, reason :: String) -> Int!String do
  Sqlite.execute(conn, "INSERT OR REPLACE INTO spool_rejected (seq, entry, reason) SELECT seq, entry, ? FROM spool WHERE seq = ?", [reason, seq])?
  spool_remove(conn, seq)
end

fn first_int(rows :: List<Map<String, String>>, column :: String) -> Int do
  if List.length(rows) > 0 do
    case String.to_int(Map.get(List.head(rows), column)) do
      Some(n) -> n
      None -> 0
    end
  else
    0
  end
end

# Entries waiting (O(1): seq only grows, so the span of the live ones).
# Each of max and min is its own subquery: SQLite answers a lone min() or
# max() of the rowid from the end of the b-tree, but `max(seq) - min(seq)`
# in one aggregate would scan the whole spool.
pub fn spool_depth(conn :: SqliteConn) -> Int do
  case Sqlite.query(conn, "SELECT COALESCE((SELECT max(seq) FROM spool) - (SELECT min(seq) FROM spool) + 1, 0) AS n", []) do
    Ok(rows) -> first_int(rows, "n")
    Err(_) -> 0
  end
end

pub fn rejected_count(conn :: SqliteConn) -> Int do
  case Sqlite.query(conn, "SELECT count(*) AS n FROM spool_rejected", []) do
    Ok(rows) -> first_int(rows, "n")
    Err(_) -> 0
  end
end

# A fresh event id (UUID v4) and the current time, made by SQLite, for
# entries that do not come through the ingestion pipeline (which takes both
# from PostgreSQL): an entry must carry them so that a retried insert finds
# its own row (ON CONFLICT on (id, received_at)).
pub fn spool_stamp(conn :: SqliteConn) -> Map<String, String> do
  let sql = "SELECT lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))) AS id, strftime('%Y-%m-%d %H:%M:%f', 'now') || '+00' AS t"
  case Sqlite.query(conn, sql, []) do
    Ok(rows) -> List.head(rows)
    Err(_) -> %{"id" => "", "t" => ""}
  end
end

# A random delay in 0..n-1 ms (backoff jitter; SQLite's random()).
pub fn jitter(conn :: SqliteConn, n :: Int) -> Int do
  case Sqlite.query(conn, "SELECT abs(random()) % ? AS n", [String.from(n)]) do
    Ok(rows) -> first_int(rows, "n")
    Err(_) -> 0
  end
end
