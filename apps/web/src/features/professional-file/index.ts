// What other features may use of the dossier professionnel (besides ./api): a learner's DP, loaded and shown.
export { DpOf } from './components/ProfessionalFile';
