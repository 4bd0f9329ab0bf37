# Migration: create_initial_schema

pub fn up(pool :: PoolHandle) -> Int!String do
  Migration.create_table(pool, "projects", ["id:BIGSERIAL:PRIMARY KEY", "slug:TEXT:NOT NULL"])?
  Migration.create_index(pool, "projects", ["slug"], "unique: true")?
  Pool.execute(pool, "COMMENT ON TABLE projects IS 'from a migration'", [])
end

pub fn down(pool :: PoolHandle) -> Int!String do
  Migration.drop_table(pool, "projects")
end
