// ContactCenter on Azure: Container Apps (at least two replicas) in front of Azure Database for PostgreSQL flexible
// server or an Azure SQL elastic pool, Azure Files for received mail and letters, Key Vault for the Data Protection
// certificate and the secrets, Log Analytics for the logs. docs/deployment.md walks through a first deployment:
// the Data Protection certificate must be in the vault before the app starts (deployApp=false the first time).
//   az deployment group create -g <group> -f infra/azure/main.bicep -p image=<registry>/contactcenter:<tag> …

targetScope = 'resourceGroup'

@description('Prefix of every resource name; lower case letters and digits, 3 to 11 characters.')
@minLength(3)
@maxLength(11)
param namePrefix string = 'contactctr'

@description('Region of every resource.')
param location string = resourceGroup().location

@description('The server image, e.g. myregistry.azurecr.io/contactcenter:1234.')
param image string

@description('The image the migration job runs; the pipeline runs migrations with the new image before the app gets it.')
param migrationImage string = image

@description('Registry server the images come from (e.g. myregistry.azurecr.io); the managed identity pulls with AcrPull. Empty: a public registry.')
param registryServer string = ''

@description('False on the first deployment: creates everything but the app and the migration job, so the Data Protection certificate can be put into the new vault first.')
param deployApp bool = true

@description('Where tenant databases live: Azure Database for PostgreSQL flexible server, or an Azure SQL elastic pool.')
@allowed([
  'postgres'
  'azuresql'
])
param databaseKind string = 'postgres'

@description('Administrator login of the database server.')
param databaseAdminLogin string = 'ccadmin'

@description('Administrator password of the database server; also kept in the vault inside the connection string.')
@secure()
param databaseAdminPassword string

@description('PostgreSQL flexible server SKU and tier.')
param postgresSkuName string = 'Standard_D2ds_v5'

@allowed([
  'Burstable'
  'GeneralPurpose'
  'MemoryOptimized'
])
param postgresSkuTier string = 'GeneralPurpose'

@description('PostgreSQL major version.')
param postgresVersion string = '16'

@description('PostgreSQL storage in GiB.')
param postgresStorageSizeGB int = 128

@description('Azure SQL elastic pool: vCore SKU name (e.g. GP_Gen5) and capacity in vCores.')
param sqlElasticPoolSkuName string = 'GP_Gen5'

param sqlElasticPoolCapacity int = 2

@description('Name of the vault certificate whose PEM secret encrypts the Data Protection keys (content type application/x-pem-file).')
param dataProtectionCertificateName string = 'dataprotection'

@description('The public origin users reach the app by (https://cc.example.com); empty: the app\'s own Container Apps address.')
param publicOrigin string = ''

@description('Tenants at <slug>.<base domain> (needs a wildcard DNS record and certificate); empty: tenants at /t/<slug>/.')
param tenancyBaseDomain string = ''

@description('Addresses or CIDR ranges whose X-Forwarded-* headers the app believes: the Container Apps ingress. Narrow to the environment\'s infrastructure subnet when it has one.')
param trustedProxies array = [
  '10.0.0.0/8'
  '100.64.0.0/10'
  '172.16.0.0/12'
  '192.168.0.0/16'
]

@description('Replicas of the app: at least two, so one can restart while the other serves.')
@minValue(2)
param minReplicas int = 2

@minValue(2)
param maxReplicas int = 6

@description('CPU cores and memory of one replica.')
param replicaCpu string = '1.0'

param replicaMemory string = '2Gi'

@description('SMTP account the platform sends its own mail from (password resets, invitations); empty host: none.')
param platformMailHost string = ''

param platformMailPort int = 587

param platformMailUserName string = ''

param platformMailFrom string = ''

@secure()
param platformMailPassword string = ''

@description('Object id of the person or pipeline principal that imports the Data Protection certificate (Key Vault Certificates Officer); empty: none.')
param operatorPrincipalId string = ''

@description('Days Log Analytics keeps logs.')
param logRetentionDays int = 30

var usePostgres = databaseKind == 'postgres'
var names = {
  logs: '${namePrefix}-logs'
  identity: '${namePrefix}-id'
  vault: '${namePrefix}-kv-${uniqueString(resourceGroup().id)}'
  postgres: '${namePrefix}-pg-${uniqueString(resourceGroup().id)}'
  sql: '${namePrefix}-sql-${uniqueString(resourceGroup().id)}'
  pool: '${namePrefix}-pool'
  storage: take('${namePrefix}st${uniqueString(resourceGroup().id)}', 24)
  environment: '${namePrefix}-env'
  app: '${namePrefix}-app'
  migrate: '${namePrefix}-migrate'
}
// Mirrors DatabaseServerSettings.DefaultCatalogDatabase: the catalog's database on the default server.
var catalogDatabase = 'contactcenter_catalog'
// The file stores every replica shares; the image runs as uid/gid 10001 (infra/docker/Dockerfile).
var shares = [
  {
    name: 'raw-mail'
    path: '/data/raw-mail'
  }
  {
    name: 'letters'
    path: '/data/letters'
  }
  {
    name: 'letter-assets'
    path: '/data/letter-assets'
  }
]
var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'
var keyVaultCertificatesOfficer = 'a4417e6f-fecd-4de8-b567-7b0420556985'

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: names.logs
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: logRetentionDays
  }
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: names.identity
  location: location
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: take(names.vault, 24)
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
  }
}

resource identityReadsSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identity.id, keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource operatorImportsCertificates 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(operatorPrincipalId)) {
  name: guid(vault.id, operatorPrincipalId, keyVaultCertificatesOfficer)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultCertificatesOfficer)
    principalId: operatorPrincipalId
  }
}

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = if (usePostgres) {
  name: names.postgres
  location: location
  sku: {
    name: postgresSkuName
    tier: postgresSkuTier
  }
  properties: {
    version: postgresVersion
    administratorLogin: databaseAdminLogin
    administratorLoginPassword: databaseAdminPassword
    storage: {
      storageSizeGB: postgresStorageSizeGB
      autoGrow: 'Enabled'
    }
    backup: {
      backupRetentionDays: 14
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: {
      mode: 'Disabled'
    }
    network: {
      publicNetworkAccess: 'Enabled'
    }
  }
}

// Container Apps without a virtual network reach the server through Azure's own addresses (0.0.0.0 rule).
resource postgresAllowsAzure 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = if (usePostgres) {
  parent: postgres
  name: 'AllowAzureServices'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

resource postgresCatalog 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = if (usePostgres) {
  parent: postgres
  name: catalogDatabase
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
}

resource sql 'Microsoft.Sql/servers@2023-08-01' = if (!usePostgres) {
  name: names.sql
  location: location
  properties: {
    administratorLogin: databaseAdminLogin
    administratorLoginPassword: databaseAdminPassword
    minimalTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

resource sqlAllowsAzure 'Microsoft.Sql/servers/firewallRules@2023-08-01' = if (!usePostgres) {
  parent: sql
  name: 'AllowAllWindowsAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

// New tenant databases go into this pool (Database:SqlServer:ElasticPool); the catalog lives there too.
resource sqlPool 'Microsoft.Sql/servers/elasticPools@2023-08-01' = if (!usePostgres) {
  parent: sql
  name: names.pool
  location: location
  sku: {
    name: sqlElasticPoolSkuName
    capacity: sqlElasticPoolCapacity
  }
  properties: {
    perDatabaseSettings: {
      minCapacity: 0
      maxCapacity: sqlElasticPoolCapacity
    }
  }
}

resource sqlCatalog 'Microsoft.Sql/servers/databases@2023-08-01' = if (!usePostgres) {
  parent: sql
  name: catalogDatabase
  location: location
  properties: {
    elasticPoolId: sqlPool.id
  }
}

// The default server's connection (no database named: the server adds the catalog's and each tenant's).
var databaseServerConnection = usePostgres
  ? 'Host=${postgres!.properties.fullyQualifiedDomainName};Port=5432;Username=${databaseAdminLogin};Password=${databaseAdminPassword};SSL Mode=Require'
  : 'Server=tcp:${sql!.properties.fullyQualifiedDomainName},1433;User ID=${databaseAdminLogin};Password=${databaseAdminPassword};Encrypt=True'

resource databaseConnectionSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'database-server-main'
  properties: {
    value: databaseServerConnection
    contentType: 'connection string'
  }
}

resource platformMailPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(platformMailPassword)) {
  parent: vault
  name: 'platform-mail-password'
  properties: {
    value: platformMailPassword
  }
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: names.storage
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_ZRS'
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    supportsHttpsTrafficOnly: true
  }
}

resource files 'Microsoft.Storage/storageAccounts/fileServices@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    shareDeleteRetentionPolicy: {
      enabled: true
      days: 14
    }
  }
}

resource fileShares 'Microsoft.Storage/storageAccounts/fileServices/shares@2023-05-01' = [
  for share in shares: {
    parent: files
    name: share.name
    properties: {
      shareQuota: 1024
    }
  }
]

resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: names.environment
  location: location
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: logs.properties.customerId
        sharedKey: logs.listKeys().primarySharedKey
      }
    }
  }
}

resource environmentShares 'Microsoft.App/managedEnvironments/storages@2024-03-01' = [
  for (share, i) in shares: {
    parent: environment
    name: share.name
    properties: {
      azureFile: {
        accountName: storage.name
        accountKey: storage.listKeys().keys[0].value
        shareName: fileShares[i].name
        accessMode: 'ReadWrite'
      }
    }
  }
]

var origin = empty(publicOrigin) ? 'https://${names.app}.${environment.properties.defaultDomain}' : publicOrigin

var secrets = concat(
  [
    {
      name: 'database-server-main'
      keyVaultUrl: databaseConnectionSecret.properties.secretUri
      identity: identity.id
    }
    {
      name: 'dataprotection-pem'
      keyVaultUrl: '${vault.properties.vaultUri}secrets/${dataProtectionCertificateName}'
      identity: identity.id
    }
  ],
  empty(platformMailPassword)
    ? []
    : [
        {
          name: 'platform-mail-password'
          keyVaultUrl: platformMailPasswordSecret!.properties.secretUri
          identity: identity.id
        }
      ]
)

var trustedProxyVariables = [
  for (proxy, i) in trustedProxies: {
    name: 'Hosting__TrustedProxies__${i}'
    value: proxy
  }
]

// Environment variables are the server's configuration keys with ':' written '__' (docs/deployment.md lists them).
var environmentVariables = concat(
  [
    {
      name: 'ASPNETCORE_ENVIRONMENT'
      value: 'Production'
    }
    {
      name: 'Database__Provider'
      value: usePostgres ? 'Postgres' : 'SqlServer'
    }
    {
      name: usePostgres ? 'Database__Postgres__Servers__main' : 'Database__SqlServer__Servers__main'
      secretRef: 'database-server-main'
    }
    {
      name: usePostgres ? 'Database__Postgres__DefaultServer' : 'Database__SqlServer__DefaultServer'
      value: 'main'
    }
    {
      name: 'DataProtection__CertificateFile'
      value: '/run/secrets/dataprotection.pem'
    }
    {
      name: 'Hosting__PublicOrigin'
      value: origin
    }
    {
      name: 'Tenancy__BaseDomain'
      value: tenancyBaseDomain
    }
    {
      name: 'Mail__StoreDirectory'
      value: '/data/raw-mail'
    }
    {
      name: 'Letters__OutputRoot'
      value: '/data/letters'
    }
    {
      name: 'Letters__StylesheetDirectory'
      value: '/data/letter-assets'
    }
    {
      name: 'Jobs__Enabled'
      value: 'true'
    }
  ],
  usePostgres
    ? []
    : [
        {
          name: 'Database__SqlServer__ElasticPool'
          value: names.pool
        }
      ],
  trustedProxyVariables,
  empty(platformMailHost)
    ? []
    : [
        {
          name: 'PlatformMail__Host'
          value: platformMailHost
        }
        {
          name: 'PlatformMail__Port'
          value: string(platformMailPort)
        }
        {
          name: 'PlatformMail__UserName'
          value: platformMailUserName
        }
        {
          name: 'PlatformMail__From'
          value: platformMailFrom
        }
      ],
  empty(platformMailPassword)
    ? []
    : [
        {
          name: 'PlatformMail__Password'
          secretRef: 'platform-mail-password'
        }
      ]
)

var shareVolumes = [
  for share in shares: {
    name: share.name
    storageType: 'AzureFile'
    storageName: share.name
    mountOptions: 'uid=10001,gid=10001,dir_mode=0750,file_mode=0640'
  }
]

var volumes = concat(
  shareVolumes,
  [
    {
      name: 'secrets'
      storageType: 'Secret'
      secrets: [
        {
          secretRef: 'dataprotection-pem'
          path: 'dataprotection.pem'
        }
      ]
    }
  ]
)

var shareMounts = [
  for share in shares: {
    volumeName: share.name
    mountPath: share.path
  }
]

var volumeMounts = concat(
  shareMounts,
  [
    {
      volumeName: 'secrets'
      mountPath: '/run/secrets'
    }
  ]
)

var registries = empty(registryServer)
  ? []
  : [
      {
        server: registryServer
        identity: identity.id
      }
    ]

resource app 'Microsoft.App/containerApps@2024-03-01' = if (deployApp) {
  name: names.app
  location: location
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  dependsOn: [
    identityReadsSecrets
    environmentShares
  ]
  properties: {
    managedEnvironmentId: environment.id
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: 8080
        transport: 'auto'
        allowInsecure: false
      }
      registries: registries
      secrets: secrets
    }
    template: {
      containers: [
        {
          name: 'server'
          image: image
          resources: {
            cpu: json(replicaCpu)
            memory: replicaMemory
          }
          env: environmentVariables
          volumeMounts: volumeMounts
          probes: [
            {
              type: 'Startup'
              httpGet: {
                path: '/health'
                port: 8080
              }
              initialDelaySeconds: 5
              periodSeconds: 5
              failureThreshold: 24
            }
            {
              type: 'Liveness'
              httpGet: {
                path: '/health'
                port: 8080
              }
              periodSeconds: 15
              failureThreshold: 3
            }
            {
              type: 'Readiness'
              httpGet: {
                path: '/health/ready'
                port: 8080
              }
              periodSeconds: 10
              failureThreshold: 3
            }
          ]
        }
      ]
      scale: {
        minReplicas: minReplicas
        maxReplicas: maxReplicas
        rules: [
          {
            name: 'http'
            http: {
              metadata: {
                concurrentRequests: '100'
              }
            }
          }
        ]
      }
      volumes: volumes
    }
  }
}

// The server's migrate command as a job started on demand: the catalog and every tenant database up to date before a
// new image rolls out (az containerapp job start; the pipeline waits for it).
resource migrateJob 'Microsoft.App/jobs@2024-03-01' = if (deployApp) {
  name: names.migrate
  location: location
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  dependsOn: [
    identityReadsSecrets
    environmentShares
  ]
  properties: {
    environmentId: environment.id
    configuration: {
      triggerType: 'Manual'
      replicaTimeout: 3600
      replicaRetryLimit: 0
      manualTriggerConfig: {
        parallelism: 1
        replicaCompletionCount: 1
      }
      registries: registries
      secrets: secrets
    }
    template: {
      containers: [
        {
          name: 'migrate'
          image: migrationImage
          args: [
            'migrate'
          ]
          resources: {
            cpu: json(replicaCpu)
            memory: replicaMemory
          }
          env: environmentVariables
          volumeMounts: volumeMounts
        }
      ]
      volumes: volumes
    }
  }
}

@description('The address users reach the app by.')
output appUrl string = origin

@description('The Container Apps address of the app (point your DNS name here with a CNAME).')
output appFqdn string = deployApp ? app!.properties.configuration.ingress.fqdn : ''

@description('The migration job: az containerapp job start -g <group> -n <name>.')
output migrationJobName string = names.migrate

@description('The vault the Data Protection certificate goes into.')
output keyVaultName string = vault.name

@description('Principal id of the identity the app pulls images and reads secrets with (grant it AcrPull on your registry).')
output identityPrincipalId string = identity.properties.principalId

output databaseServer string = usePostgres ? postgres!.properties.fullyQualifiedDomainName : sql!.properties.fullyQualifiedDomainName
