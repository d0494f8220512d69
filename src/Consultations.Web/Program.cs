using Consultations.Infrastructure.Hosting;
using Consultations.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddConsultationsStorage();
builder.AddConsultationsProgrammeSearch();
builder.AddConsultationsDemo();
builder.AddConsultationsGuard();
builder.AddConsultationsAnalysis();
builder.AddConsultationsIdentity();
builder.AddConsultationsWeb();
builder.AddConsultationsBriefs();
builder.AddConsultationsImports();
builder.AddConsultationsAudit();
builder.AddConsultationsTelemetry();

var app = builder.Build();
app.UseConsultations();
await app.InitializeConsultationsStorageAsync();
await app.RunAsync();
