export * from './auth.module';
export { UsersService } from './users.service';
export { UserDto } from './dto/auth.dto';
