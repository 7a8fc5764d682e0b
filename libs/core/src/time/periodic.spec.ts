import { Periodic } from './periodic';

describe('Periodic', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs a pass every interval and a first one when asked', async () => {
    const pass = jest.fn(async () => undefined);
    const loop = new Periodic(pass, { everyMs: 1000, firstAfterMs: 10, onError: jest.fn() });
    loop.start();
    await jest.advanceTimersByTimeAsync(10);
    expect(pass).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(2000);
    expect(pass).toHaveBeenCalledTimes(3);
    loop.stop();
    await jest.advanceTimersByTimeAsync(5000);
    expect(pass).toHaveBeenCalledTimes(3);
  });

  it('never overlaps a slow pass, and reports a failed one and goes on', async () => {
    let release!: () => void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const pass = jest
      .fn()
      .mockReturnValueOnce(slow)
      .mockRejectedValueOnce(new Error('down'))
      .mockResolvedValue(undefined);
    const onError = jest.fn();
    const loop = new Periodic(pass, { everyMs: 100, onError });
    loop.start();
    await jest.advanceTimersByTimeAsync(350);
    expect(pass).toHaveBeenCalledTimes(1);
    release();
    await jest.advanceTimersByTimeAsync(200);
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'down' }));
    expect(pass).toHaveBeenCalledTimes(3);
    loop.stop();
  });
});
