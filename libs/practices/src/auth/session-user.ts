import { Role } from '../entities/user.entity';

/** Who is calling: read from a verified session on every request. */
export interface SessionUser {
  id: string;
  practiceId: string;
  email: string;
  name: string;
  roles: Role[];
}

export const actorOf = (user: Pick<SessionUser, 'id' | 'email'>) => ({ id: user.id, label: user.email });
