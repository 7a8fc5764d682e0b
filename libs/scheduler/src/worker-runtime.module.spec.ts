import type { TokenRefresher } from '@app/accounts';
import type { ContentChecker } from '@app/posts';
import type { Launcher } from './publish/launcher';
import { WorkerRuntimeModule } from './worker-runtime.module';

describe('WorkerRuntimeModule at start-up', () => {
  it('builds the content checker before any target needs it, and starts the token refresher', () => {
    const started: string[] = [];
    const tokens = { start: () => started.push('tokens') } as unknown as TokenRefresher;
    const checker: ContentChecker = {
      rulesVersion: 'test',
      check: (text) => {
        started.push(`check: ${text}`);
        return { verdict: 'pass', findings: [] };
      },
    };
    new WorkerRuntimeModule(tokens, {} as Launcher, checker).onApplicationBootstrap();
    expect(started).toEqual(['tokens', 'check: Our office is open Monday to Friday.']);
  });
});
