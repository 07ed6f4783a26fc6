// What the privacy feature shares with other screens: the learner's data export button and the
// read log of their DP and jury dossier (issue 16).
export { ExportDataButton } from './components/ExportDataButton';
export { PersonalData } from './components/PersonalData';
export { ReadsList } from './components/ReadsList';
