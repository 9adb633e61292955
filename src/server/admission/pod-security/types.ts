// Structural, read-only views of the parts of a Pod that the Pod Security
// Standards checks read. Every field is optional and nullable so that any
// plain JSON pod (a parsed request body, a YAML fixture, a stored object or a
// zod-inferred `Pod`) fits without conversion. Go's nil maps to null or absent
// here: the checks treat both the same way, as upstream treats a nil pointer.
// Shapes that the API keeps loose (probes, lifecycle handlers, volume sources)
// are `unknown` and narrowed at runtime by the checks that read them.

/** Maybe is a value that may be absent or JSON null; both mean Go's nil. */
export type Maybe<T> = T | null | undefined;

/** PodMetaLike is the part of ObjectMeta the checks read (annotations) plus the name used in messages. */
export interface PodMetaLike {
  readonly name?: Maybe<string>;
  readonly annotations?: Maybe<Readonly<Record<string, string>>>;
}

/** SELinuxOptionsLike is core/v1 SELinuxOptions. */
export interface SELinuxOptionsLike {
  readonly user?: Maybe<string>;
  readonly role?: Maybe<string>;
  readonly type?: Maybe<string>;
  readonly level?: Maybe<string>;
}

/** ProfileLike is core/v1 SeccompProfile or AppArmorProfile: only the type is checked. */
export interface ProfileLike {
  readonly type?: Maybe<string>;
  readonly localhostProfile?: Maybe<string>;
}

/** WindowsOptionsLike is core/v1 WindowsSecurityContextOptions. */
export interface WindowsOptionsLike {
  readonly hostProcess?: Maybe<boolean>;
}

/** CapabilitiesLike is core/v1 Capabilities. */
export interface CapabilitiesLike {
  readonly add?: Maybe<readonly string[]>;
  readonly drop?: Maybe<readonly string[]>;
}

/**
 * SharedSecurityContextLike are the fields core/v1 PodSecurityContext and a container's SecurityContext
 * both have (a container's value, when set, overrides the pod's).
 */
export interface SharedSecurityContextLike {
  readonly seLinuxOptions?: Maybe<SELinuxOptionsLike>;
  readonly windowsOptions?: Maybe<WindowsOptionsLike>;
  readonly runAsUser?: Maybe<number>;
  readonly runAsNonRoot?: Maybe<boolean>;
  readonly seccompProfile?: Maybe<ProfileLike>;
  readonly appArmorProfile?: Maybe<ProfileLike>;
}

/** SecurityContextLike is a container's core/v1 SecurityContext. */
export interface SecurityContextLike extends SharedSecurityContextLike {
  readonly capabilities?: Maybe<CapabilitiesLike>;
  readonly privileged?: Maybe<boolean>;
  readonly allowPrivilegeEscalation?: Maybe<boolean>;
  readonly procMount?: Maybe<string>;
}

/** SysctlLike is one core/v1 Sysctl. */
export interface SysctlLike {
  readonly name?: Maybe<string>;
  readonly value?: Maybe<string>;
}

/** PodSecurityContextLike is core/v1 PodSecurityContext. */
export interface PodSecurityContextLike extends SharedSecurityContextLike {
  readonly sysctls?: Maybe<readonly SysctlLike[]>;
}

/** ContainerPortLike is core/v1 ContainerPort. */
export interface ContainerPortLike {
  readonly hostPort?: Maybe<number>;
}

/**
 * ContainerLike is a container, init container or ephemeral container.
 * Probes and lifecycle handlers are `unknown`: the API stores them loosely.
 */
export interface ContainerLike {
  readonly name?: Maybe<string>;
  readonly ports?: Maybe<readonly ContainerPortLike[]>;
  readonly securityContext?: Maybe<SecurityContextLike>;
  readonly livenessProbe?: unknown;
  readonly readinessProbe?: unknown;
  readonly startupProbe?: unknown;
  readonly lifecycle?: unknown;
}

/**
 * VolumeLike is core/v1 Volume: a name plus (normally) exactly one source key,
 * e.g. `hostPath` or `emptyDir`, whose insides the checks never read.
 */
export interface VolumeLike {
  readonly name?: Maybe<string>;
  readonly [source: string]: unknown;
}

/** PodSpecLike is core/v1 PodSpec as far as the Pod Security Standards read it. */
export interface PodSpecLike {
  readonly containers?: Maybe<readonly ContainerLike[]>;
  readonly initContainers?: Maybe<readonly ContainerLike[]>;
  readonly ephemeralContainers?: Maybe<readonly ContainerLike[]>;
  readonly volumes?: Maybe<readonly VolumeLike[]>;
  readonly hostNetwork?: Maybe<boolean>;
  readonly hostPID?: Maybe<boolean>;
  readonly hostIPC?: Maybe<boolean>;
  readonly hostUsers?: Maybe<boolean>;
  readonly os?: Maybe<{ readonly name?: Maybe<string> }>;
  readonly securityContext?: Maybe<PodSecurityContextLike>;
}
