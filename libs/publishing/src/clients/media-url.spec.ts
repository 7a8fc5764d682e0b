import { mediaUrlProblem } from './media-url';

describe('mediaUrlProblem', () => {
  it.each([
    'http://localhost:3000/uploads/a.jpg',
    'http://127.0.0.1/a.jpg',
    'https://10.0.0.5/a.jpg',
    'https://172.20.1.1/a.jpg',
    'https://192.168.1.20/a.jpg',
    'http://169.254.169.254/latest/meta-data',
    'http://[::1]/a.jpg',
    'http://[fd00::1]/a.jpg',
    'http://[::ffff:127.0.0.1]/a.jpg',
    'http://app.internal/a.jpg',
    'http://printer.local/a.jpg',
    'http://intranet/a.jpg',
    'file:///etc/passwd',
    'not a url',
  ])('refuses %s', (url) => {
    expect(mediaUrlProblem(url)).toBeDefined();
  });

  it.each(['https://cdn.smile.example/team.jpg', 'https://203.0.113.10/a.png', 'https://172.32.0.1/a.png'])(
    'accepts %s',
    (url) => {
      expect(mediaUrlProblem(url)).toBeUndefined();
    },
  );
});
