// Tests run in UTC so a result never depends on the machine's zone (zone math is Luxon's, with explicit zones).
process.env.TZ = 'UTC';
