export * from './worker-heartbeat';
export * from './worker-runtime.module';
export * from './start-worker';
