export * from './centre.module';
export { CentreService } from './centre.service';
export { CentreDto } from './dto/centre.dto';
export { DEFAULT_RETENTION } from './entities/centre.entity';
export { MessageSignatureProvider } from './message-signature.provider';
