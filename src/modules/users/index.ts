/** User administration. */
export { UsersService, UserInputError } from './service.ts';
export { usersRoutes } from './routes.ts';
