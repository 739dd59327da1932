{{/* Chart name, for labels. */}}
{{- define "videotermin.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Object name prefix: <release>-videotermin, or the release name when it contains the chart name. */}}
{{- define "videotermin.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Labels of every object; pass (dict "root" $ "component" "api"). */}}
{{- define "videotermin.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "videotermin.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: videotermin
{{- end }}

{{/* Selector labels; pass (dict "root" $ "component" "api"). */}}
{{- define "videotermin.selectorLabels" -}}
app.kubernetes.io/name: {{ include "videotermin.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- with .component }}
app.kubernetes.io/component: {{ . }}
{{- end }}
{{- end }}

{{/* Image reference; pass (dict "root" $ "app" .Values.api). */}}
{{- define "videotermin.image" -}}
{{- $tag := .app.image.tag | default .root.Values.image.tag | default .root.Chart.AppVersion -}}
{{- $repository := .app.image.repository -}}
{{- if .root.Values.image.registry -}}
{{- $repository = printf "%s/%s" (trimSuffix "/" .root.Values.image.registry) $repository -}}
{{- end -}}
{{- printf "%s:%s" $repository $tag -}}
{{- end }}

{{- define "videotermin.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "videotermin.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The Secret the apps read DATABASE_URL, REDIS_URL, … from. */}}
{{- define "videotermin.secretName" -}}
{{- default (printf "%s-secrets" (include "videotermin.fullname" .)) .Values.secrets.existingSecret }}
{{- end }}

{{/* One environment variable from the Secret; pass (dict "root" $ "key" "DATABASE_URL"). */}}
{{- define "videotermin.secretEnv" -}}
- name: {{ .key }}
  valueFrom:
    secretKeyRef:
      name: {{ include "videotermin.secretName" .root }}
      key: {{ .key }}
      {{- if .optional }}
      optional: true
      {{- end }}
{{- end }}

{{/*
Pod-level security: never root, the runtime's default seccomp profile; pass the image's
numeric user (1000 for node, 101 for nginx).
*/}}
{{- define "videotermin.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ . }}
runAsGroup: {{ . }}
fsGroup: {{ . }}
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* Container-level security: read-only root filesystem (only /tmp is writable), no capabilities. */}}
{{- define "videotermin.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
privileged: false
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* Scheduling settings of one app; pass its values (.Values.api, …). */}}
{{- define "videotermin.scheduling" -}}
{{- with .nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .topologySpreadConstraints }}
topologySpreadConstraints:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/* Hash of config and secret values, so pods restart when they change. */}}
{{- define "videotermin.configChecksum" -}}
{{- $secret := ternary "" (toJson .Values.secrets) (ne .Values.secrets.existingSecret "") -}}
{{- printf "%s%s" (include (print .Template.BasePath "/configmap.yaml") .) $secret | sha256sum }}
{{- end }}

{{/* Required values, checked once (values.schema.json checks their form). */}}
{{- define "videotermin.validate" -}}
{{- $_ := required "publicUrl is required, e.g. https://termin.example.org" .Values.publicUrl -}}
{{- $_ := required "livekit.url is required: the wss:// URL browsers connect to LiveKit on" .Values.livekit.url -}}
{{- $_ := required "worker.mailFrom is required: the sender of all e-mails" .Values.worker.mailFrom -}}
{{- if not .Values.secrets.existingSecret }}
{{- range $key := list "databaseUrl" "redisUrl" "linkEncryptionKey" "livekitApiKey" "livekitApiSecret" "smtpUrl" }}
{{- $_ := required (printf "secrets.%s is required (or name a Secret in secrets.existingSecret)" $key) (get $.Values.secrets $key) -}}
{{- end }}
{{- end }}
{{- end }}

{{/* Egress rules when restricted: DNS plus the operator's rules; pass .Values.networkPolicy.egress. */}}
{{- define "videotermin.egressRules" -}}
- ports:
    - port: 53
      protocol: UDP
    - port: 53
      protocol: TCP
{{- with .rules }}
{{ toYaml . }}
{{- end }}
{{- end }}
