// What other features may use of the ECF (besides ./api): the trainer's forms and the jury's read-only views.
export { EvaluationsTable, SynthesisStatus, SynthesisSummary } from './components/EcfViews';
export { EvaluationForm } from './components/EvaluationForm';
export { SynthesisEditor } from './components/SynthesisEditor';
