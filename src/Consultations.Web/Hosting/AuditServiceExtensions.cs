using Consultations.Web.Audit;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Consultations.Web.Hosting;

public static class AuditServiceExtensions
{
    /// <summary>The audit trail the pages write to; its store comes with the storage backend.</summary>
    public static WebApplicationBuilder AddConsultationsAudit(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<AuditTrail>();
        return builder;
    }
}
