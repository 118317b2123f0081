using ContactCenter.Data.Tenant;

namespace ContactCenter.Server.Tenancy.Provisioning;

/// <summary>What every new tenant starts with: one branch of the org tree down to a default category, and settings.</summary>
public static class TenantDefaults
{
    public const string SystemGroupName = "System";
    public const string SupervisorGroupName = "Supervisors";
    public const string AgentGroupName = "Agents";
    public const string CategoryName = "General";

    public static void Seed(TenantDbContext db, string companyName)
    {
        var systemGroup = new SystemGroup { Name = SystemGroupName, Description = "Assigns the tenant; everything below belongs to it." };
        var supervisorGroup = new SupervisorGroup { Name = SupervisorGroupName, SystemGroupId = systemGroup.Id };
        var agentGroup = new AgentGroup { Name = AgentGroupName, SupervisorGroupId = supervisorGroup.Id };
        var category = new Category { Name = CategoryName, AgentGroupId = agentGroup.Id, IsDefault = true, Description = "Requests nobody has categorised yet." };

        db.SystemGroups.Add(systemGroup);
        db.SupervisorGroups.Add(supervisorGroup);
        db.AgentGroups.Add(agentGroup);
        db.Categories.Add(category);
        db.Settings.Add(new ContactCenter.Data.Tenant.TenantSettings { Name = companyName });
    }
}
