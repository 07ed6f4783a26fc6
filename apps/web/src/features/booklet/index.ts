// What other features may use of the booklet (besides ./api): the booklet as every role reads it.
export { BookletView } from './components/Booklet';
