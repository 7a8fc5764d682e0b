// The scheduler and calendar suites once more with the process in America/New_York (after env-postgres/env-sqlite set
// UTC): the same instants must come out whatever the machine's zone is (postiz #1955: posts an hour off in a
// minimal container).
process.env.TZ = 'America/New_York';
