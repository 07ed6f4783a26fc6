export * from './centre.module';
export { CentreService } from './centre.service';
