// Property tests run with one seed, so that a run is repeatable and CI is
// never red by chance. Set FC_SEED to explore other inputs; a failure prints
// its seed and counterexample.
import fc from 'fast-check';

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261127) });
