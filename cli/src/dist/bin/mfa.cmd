@echo off
rem mfa on Windows: runs ..\lib\mfa.jar next to this script. Java: %JAVA_HOME%\bin\java.exe when JAVA_HOME is set,
rem else java on the PATH. Extra JVM options: MFA_JAVA_OPTS (last, so they win). The class-data sharing archive that
rem bin/mfa makes on first use is not made here: Windows runs start without it.
setlocal
set "MFA_JAR=%~dp0..\lib\mfa.jar"
if not exist "%MFA_JAR%" (
  echo mfa: %MFA_JAR% is missing; unpack the whole archive 1>&2
  exit /b 1
)
set "MFA_JAVA=java"
if defined JAVA_HOME set "MFA_JAVA=%JAVA_HOME%\bin\java.exe"
rem The same JVM options as bin/mfa, measured there: C1 only, one compiler thread, no perf-data file.
"%MFA_JAVA%" -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:-UsePerfData %MFA_JAVA_OPTS% -jar "%MFA_JAR%" %*
exit /b %ERRORLEVEL%
