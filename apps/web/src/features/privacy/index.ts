// What the privacy feature shares with other screens: the learner's data export button (issue 16).
export { ExportDataButton } from './components/ExportDataButton';
