// Types for the parts of mp4box (GPAC's MP4Box.js) we use: its own typings sit behind package "exports", which this
// repository's moduleResolution ("node") does not read.
declare module 'mp4box' {
  export interface Mp4Track {
    codec: string;
    /** In the track's timescale. */
    duration: number;
    timescale: number;
    nb_samples: number;
    track_width: number;
    track_height: number;
    video?: { width: number; height: number };
    /** tkhd's 3×3 matrix, 16.16 fixed point (a, b, u, c, d, v, x, y, w). */
    matrix: ArrayLike<number>;
  }
  export interface Mp4Movie {
    hasMoov: boolean;
    /** In the movie's timescale. */
    duration: number;
    timescale: number;
    isFragmented: boolean;
    fragment_duration?: { num: number; den: number };
    brands: string[];
    videoTracks: Mp4Track[];
    audioTracks: Array<Mp4Track & { audio?: { sample_rate: number; channel_count: number } }>;
  }
  export interface Mp4File {
    onReady?: (info: Mp4Movie) => void;
    onError?: (module: string, message: string) => void;
    appendBuffer(buffer: ArrayBuffer & { fileStart: number }, last?: boolean): number;
    flush(): void;
  }
  export function createFile(): Mp4File;
  export const Log: { setLogLevel(level: (module: string, msg?: string) => void): void; error: (m: string) => void };
}
