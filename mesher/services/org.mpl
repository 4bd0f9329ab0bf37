# OrgService: organizations (create, get, list). Its state is the database
# pool; every call replies with the Result of the matching query function.

from Storage.Queries import insert_org, get_org, list_orgs

service OrgService do
  fn init(pool :: PoolHandle) -> PoolHandle do
    pool
  end

  call CreateOrg(name :: String, slug :: String) do |pool|
    let result = insert_org(pool, name, slug)
    (pool, result)
  end

  call GetOrg(id :: String) do |pool|
    let result = get_org(pool, id)
    (pool, result)
  end

  call ListOrgs() do |pool|
    let result = list_orgs(pool)
    (pool, result)
  end
end
