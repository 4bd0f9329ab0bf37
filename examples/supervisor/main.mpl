# A supervisor keeps a worker running: when the worker crashes, the
# supervisor starts a new one, and the work goes on. A crash (a panic) ends
# only the process that crashed; its report goes to stderr.

struct Job do
  id :: Int
  a :: Int
  b :: Int
end

# The job queue is a service. It also counts the workers it has seen.
service JobQueue do
  fn init(jobs :: List<Job>) -> (List<Job>, Int) do
    (jobs, 0)
  end

  call Hire() :: Int do |state|
    let (jobs, hired) = state
    ((jobs, hired + 1), hired + 1)
  end

  call Take() :: Option<Job> do |state|
    let (jobs, hired) = state
    case jobs do
      job :: rest -> ((rest, hired), Some(job))
      _ -> (state, None)
    end
  end
end

fn do_job(job :: Job, worker :: Int) -> Int do
  println("worker #${worker} takes job ${job.id}: ${job.a} / ${job.b}")
  let result = job.a / job.b  # dividing by zero panics
  println("worker #${worker}   = ${result}")
  worker
end

fn work(queue :: Pid, worker :: Int) do
  case JobQueue.take(queue) do
    Some(job) -> work(queue, do_job(job, worker))
    None -> println("worker #${worker}: queue empty, going home")
  end
end

actor worker() do
  # A supervisor's start function cannot capture variables, so the worker
  # finds the queue by the name main registered it under.
  case Process.whereis("jobs") do
    Some(queue) -> work(queue, JobQueue.hire(queue))
    None -> println("worker: no job queue")
  end
end

# one_for_one: only the crashed child is restarted. transient: restart it
# after a crash, not after a normal exit. At most 3 restarts in 5 seconds.
supervisor Crew do
  strategy: one_for_one
  max_restarts: 3
  max_seconds: 5

  child runner do
    start: fn -> spawn(worker) end
    restart: transient
    shutdown: 1000
  end
end

fn main() do
  let jobs = [Job { id: 1, a: 100, b: 4 }, Job { id: 2, a: 7, b: 0 }, Job { id: 3, a: 81, b: 9 }, Job { id: 4, a: 5, b: 0 }, Job { id: 5, a: 12, b: 3 }]
  let queue = JobQueue.start(jobs)
  Process.register("jobs", queue)
  println("main: ${List.length(jobs)} jobs queued, starting the crew")
  spawn(Crew)
end
