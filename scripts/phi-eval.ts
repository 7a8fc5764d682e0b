// Prints one JSON object: how well the PHI checker does on the labelled corpus (npm run -s phi:eval [-- corpus.jsonl]).
import { check } from '@app/compliance';
import { CORPUS_FILE, loadCorpus, profileLoader } from './phi/corpus';
import { evaluate } from './phi/evaluate';

const file = process.argv[2] ?? CORPUS_FILE;
const report = evaluate(loadCorpus(file), profileLoader(), check);
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
